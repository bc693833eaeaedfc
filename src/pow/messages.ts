import { z } from 'zod';
import { Nonce, RequestId, Secret, WorkerByte, Zeros } from './actions.js';
import { VectorClock } from './vector-clock.js';

/**
 * What travels on the broker, each validated on receipt. Every message that causes an action
 * carries its sender's vector clock; the receiver merges it before it records anything.
 */
const hashes = z.number().int().nonnegative();
const ClientName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const reason = z.string().max(1000);
/** What one request asks: the fields a client's `mine` and the coordinator's job to a worker share. */
const job = { request: RequestId, nonce: Nonce, zeros: Zeros, clock: VectorClock };
/** Ends a coordinator or a worker. */
const stop = z.strictObject({ type: z.literal('stop') });

/** To the coordinator's queue. */
export const CoordinatorMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('join'), worker: WorkerByte }),
  z.strictObject({ type: z.literal('mine'), client: ClientName, ...job }),
  z.strictObject({ type: z.literal('result'), worker: WorkerByte, request: RequestId, secret: Secret, hashes, clock: VectorClock }),
  /** A worker stopped a job on the coordinator's cancel (whether or not it had found a secret). */
  z.strictObject({ type: z.literal('ack'), worker: WorkerByte, request: RequestId, hashes, clock: VectorClock }),
  /** From the service: a worker's invocation ended (it crashed); its jobs will never answer. */
  z.strictObject({ type: z.literal('lost'), worker: WorkerByte, reason }),
  stop,
]);
export type CoordinatorMessage = z.infer<typeof CoordinatorMessage>;

/** To a worker's queue. */
export const WorkerMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('mine'), ...job, workerBits: z.number().int().min(0).max(8) }),
  z.strictObject({ type: z.literal('cancel'), request: RequestId, clock: VectorClock }),
  stop,
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
  z.strictObject({ type: z.literal('failure'), request: RequestId, reason, clock: VectorClock }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
