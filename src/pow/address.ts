import { z } from 'zod';
import { RUN_ID_PATTERN } from './names.js';

/**
 * Where a proof-of-work service is and how to talk to it: the seed's coordinator IP:port. The run's
 * key is in it, so hand it only to the run's own functions and clients (never over the broker).
 */
export const PowAddress = z.strictObject({
  amqpUrl: z.string().min(1),
  runId: z.string().regex(RUN_ID_PATTERN),
  /** The run's key (see RunKey): it authenticates every message. */
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export type PowAddress = z.infer<typeof PowAddress>;

const node = {
  ...PowAddress.shape,
  workers: z.number().int().min(1).max(256),
  /** The service's limit: a node gives up after it. */
  timeoutMs: z.number().int().positive(),
};

export const CoordinatorPayload = z.strictObject(node);
export type CoordinatorPayload = z.infer<typeof CoordinatorPayload>;

export const WorkerPayload = z.strictObject({
  ...node,
  worker: z.number().int().min(0).max(255),
  /** A fault for tests: crash on the first mine order, after WorkerMine. */
  crashOnMine: z.boolean().optional(),
});
export type WorkerPayload = z.infer<typeof WorkerPayload>;
