import { z } from 'zod';
import { Nonce, RequestId, Secret, WorkerByte, Zeros } from './actions.js';
import { VectorClock } from './vector-clock.js';

/**
 * What travels on the broker, each validated on receipt. Every message that causes an action
 * carries its sender's vector clock; the receiver merges it before it records anything.
 */
const hashes = z.number().int().nonnegative();
const ClientName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** To the coordinator's queue. */
export const CoordinatorMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('join'), worker: WorkerByte }),
  z.strictObject({ type: z.literal('mine'), client: ClientName, request: RequestId, nonce: Nonce, zeros: Zeros, clock: VectorClock }),
  z.strictObject({ type: z.literal('result'), worker: WorkerByte, request: RequestId, secret: Secret, hashes, clock: VectorClock }),
  /** A worker stopped a job on the coordinator's cancel (whether or not it had found a secret). */
  z.strictObject({ type: z.literal('ack'), worker: WorkerByte, request: RequestId, hashes, clock: VectorClock }),
  /** From the service: a worker's invocation ended (it crashed); its jobs will never answer. */
  z.strictObject({ type: z.literal('lost'), worker: WorkerByte, reason: z.string().max(1000) }),
  z.strictObject({ type: z.literal('stop') }),
]);
export type CoordinatorMessage = z.infer<typeof CoordinatorMessage>;

/** To a worker's queue. */
export const WorkerMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('mine'),
    request: RequestId,
    nonce: Nonce,
    zeros: Zeros,
    workerBits: z.number().int().min(0).max(8),
    clock: VectorClock,
  }),
  z.strictObject({ type: z.literal('cancel'), request: RequestId, clock: VectorClock }),
  z.strictObject({ type: z.literal('stop') }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;

/** To a client's queue: the answer to one request. */
export const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('success'),
    request: RequestId,
    secret: Secret,
    hashes,
    cached: z.boolean(),
    clock: VectorClock,
  }),
  z.strictObject({ type: z.literal('failure'), request: RequestId, reason: z.string().max(1000), clock: VectorClock }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
