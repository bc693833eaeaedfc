import { z } from 'zod';

/** What an isolate thread is started with (its workerData); worker-loader.cjs reads `bundle` and `invocationId`. */
export const ThreadData = z.strictObject({
  runId: z.string(),
  invocationId: z.string(),
  module: z.string(),
  export: z.string(),
  bundle: z.string().optional(),
});
export type ThreadData = z.infer<typeof ThreadData>;
