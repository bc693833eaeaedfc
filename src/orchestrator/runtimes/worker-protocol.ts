import * as z from 'zod/mini';

/** The messages between a worker runtime (local, isolate) and its worker, validated on both ends. */
export const ToWorker = z.strictObject({ type: z.literal('invoke'), invocationId: z.string(), payload: z.unknown() });
export const FromWorker = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('started') }),
  z.strictObject({ type: z.literal('result'), value: z.optional(z.unknown()) }),
  z.strictObject({ type: z.literal('error'), message: z.string(), code: z.optional(z.string()) }),
]);
export type ToWorker = z.infer<typeof ToWorker>;
export type FromWorker = z.infer<typeof FromWorker>;

/** argv of a worker: `--fnsync-run <runId> --fnsync-invocation <id> <module> <export>` (ps shows who it is). */
export const WORKER_RUN_FLAG = '--fnsync-run';
