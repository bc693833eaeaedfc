import { z } from 'zod';
import type { FunctionRef } from './function-runtime.js';

/**
 * The wire format between the lambda runtime (orchestrator side) and the lambda entry (function
 * side): the event an asynchronous invocation carries, and the reports the function sends to the
 * run's reply queue. Both ends validate with these schemas.
 */

/** Where a function reports: the broker URL as the function sees it, and the run's reply queue. */
export const ReplyTo = z.strictObject({ amqpUrl: z.string().min(1), queue: z.string().startsWith('fnsync.') });
export type ReplyTo = z.infer<typeof ReplyTo>;

export const LambdaEvent = z.strictObject({
  /** Marks our events apart from anything else that may invoke the function. */
  fnsync: z.literal(1),
  runId: z.string().regex(/^[a-z0-9-]{1,40}$/),
  invocationId: z.string().min(1).max(100),
  label: z.string().max(200),
  /** The function gives up after this long: a Lambda cannot be stopped from outside. */
  timeoutMs: z.number().int().positive(),
  replyTo: ReplyTo,
  payload: z.unknown(),
});
export type LambdaEvent = z.infer<typeof LambdaEvent>;

const ReportError = z.strictObject({ message: z.string(), code: z.string().optional() });

export const StartedReport = z.strictObject({ type: z.literal('started'), invocationId: z.string() });
export const ResultReport = z.union([
  // Optional: a handler that returns undefined sends no `value` key at all (JSON has no undefined).
  z.strictObject({ type: z.literal('result'), invocationId: z.string(), ok: z.literal(true), value: z.unknown().optional() }),
  z.strictObject({ type: z.literal('result'), invocationId: z.string(), ok: z.literal(false), error: ReportError }),
]);
/** What arrives on a run's reply queue. */
export const LambdaReport = z.union([StartedReport, ResultReport]);
export type StartedReport = z.infer<typeof StartedReport>;
export type ResultReport = z.infer<typeof ResultReport>;
export type LambdaReport = z.infer<typeof LambdaReport>;

/** The reply queue of one run; like every name a run creates, it starts with `fnsync.<runId>.`. */
export function replyQueueName(runId: string): string {
  return `fnsync.${runId}.replies`;
}

/**
 * The deployed name of a function: `<prefix>-<role>`, the role being the export name without its
 * `Handler` suffix, kebab-cased (`masterHandler` -> `fnsync-master`). Deploy and invoke both use
 * this, so that they cannot disagree.
 */
export function lambdaFunctionName(prefix: string, fn: FunctionRef): string {
  const role = fn.export
    .replace(/Handler$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
  return `${prefix}-${role || 'handler'}`;
}
