import { z } from 'zod';
import { VectorClock } from './vector-clock.js';

/** The most workers: the seed's bound (a worker byte is one byte). */
export const MAX_WORKERS = 256;
/** Trailing zero hex digits a request may ask for: an MD5 digest has 32. */
export const MAX_ZEROS = 32;
/** The longest nonce: nonce and secret share one MD5 block (see secret-search.ts). */
export const MAX_NONCE_BYTES = 32;

export const Nonce = z.array(z.number().int().min(0).max(255)).min(1).max(MAX_NONCE_BYTES);
export const Secret = z.array(z.number().int().min(0).max(255)).min(1).max(64);
export const Zeros = z.number().int().min(1).max(MAX_ZEROS);
export const WorkerByte = z
  .number()
  .int()
  .min(0)
  .max(MAX_WORKERS - 1);
/** Names one mining request: `<client>.<n>`. Several clients may ask for the same (nonce, zeros) at once. */
export const RequestId = z.string().regex(/^[A-Za-z0-9_-]{1,64}\.\d{1,9}$/);

/** Who recorded an action, and when in vector time. */
const stamp = { node: z.string().min(1).max(64), clock: VectorClock };
const request = { ...stamp, Request: RequestId, Nonce, NumTrailingZeros: Zeros };
const job = { ...request, WorkerByte };

/** The seed's actions, with their fields, plus the cache's (the follow-up) and a worker lost to a crash (ours). */
export const TraceRecord = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('PowlibMiningBegin'), ...request }),
  z.strictObject({ action: z.literal('PowlibMine'), ...request }),
  z.strictObject({ action: z.literal('PowlibSuccess'), ...request, Secret }),
  z.strictObject({ action: z.literal('PowlibMiningComplete'), ...request, Secret }),
  z.strictObject({ action: z.literal('CoordinatorMine'), ...request }),
  z.strictObject({ action: z.literal('CoordinatorWorkerMine'), ...job }),
  z.strictObject({ action: z.literal('CoordinatorWorkerResult'), ...job, Secret }),
  z.strictObject({ action: z.literal('CoordinatorWorkerCancel'), ...job }),
  z.strictObject({ action: z.literal('CoordinatorWorkerLost'), ...job, Reason: z.string().max(1000) }),
  z.strictObject({ action: z.literal('CoordinatorSuccess'), ...request, Secret }),
  z.strictObject({ action: z.literal('WorkerMine'), ...job }),
  z.strictObject({ action: z.literal('WorkerResult'), ...job, Secret }),
  z.strictObject({ action: z.literal('WorkerCancel'), ...job }),
  z.strictObject({ action: z.literal('CacheHit'), ...request, Secret }),
  z.strictObject({ action: z.literal('CacheMiss'), ...request }),
  z.strictObject({ action: z.literal('CacheAdd'), ...request, Secret }),
  z.strictObject({ action: z.literal('CacheRemove'), ...request, Secret }),
]);
export type TraceRecord = z.infer<typeof TraceRecord>;
export type ActionName = TraceRecord['action'];
type Unstamped<T> = T extends unknown ? Omit<T, 'node' | 'clock'> : never;
/** An action as a node records it: the tracer adds who and when. */
export type Action = Unstamped<TraceRecord>;
