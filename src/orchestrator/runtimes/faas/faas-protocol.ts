import { z } from 'zod';
import type { FunctionRef } from '../function-runtime.js';

/**
 * The wire format between a FaaS runtime (orchestrator side) and the FaaS entry (function side):
 * the event an asynchronous invocation carries, and the reports the function sends to the run's
 * reply queue. Both ends validate with these schemas; every platform uses the same.
 */

/** Where a function reports: the broker URL as the function sees it, and the run's reply queue. */
const ReplyTo = z.strictObject({ amqpUrl: z.string().min(1), queue: z.string().startsWith('fnsync.') });

export const InvocationEvent = z.strictObject({
  /** Marks our events apart from anything else that may invoke the function. */
  fnsync: z.literal(1),
  runId: z.string().regex(/^[a-z0-9-]{1,40}$/),
  invocationId: z.string().min(1).max(100),
  label: z.string().max(200),
  /** The function gives up after this long: a FaaS function cannot be stopped from outside. */
  timeoutMs: z.number().int().positive(),
  replyTo: ReplyTo,
  /** The reply queue's key (see RunKey): reports are tagged with it, so that nobody else can report. */
  replyKey: z.string(),
  payload: z.unknown(),
});
export type InvocationEvent = z.infer<typeof InvocationEvent>;

const ReportError = z.strictObject({ message: z.string(), code: z.string().optional() });

export const StartedReport = z.strictObject({ type: z.literal('started'), invocationId: z.string() });
export const ResultReport = z.union([
  // Optional: a handler that returns undefined sends no `value` key at all (JSON has no undefined).
  z.strictObject({ type: z.literal('result'), invocationId: z.string(), ok: z.literal(true), value: z.unknown().optional() }),
  z.strictObject({ type: z.literal('result'), invocationId: z.string(), ok: z.literal(false), error: ReportError }),
]);
/** What arrives on a run's reply queue. */
export const InvocationReport = z.union([StartedReport, ResultReport]);
export type StartedReport = z.infer<typeof StartedReport>;
export type ResultReport = z.infer<typeof ResultReport>;
export type InvocationReport = z.infer<typeof InvocationReport>;

/** How a function signs its reports: as its invocation. */
export function reporterName(invocationId: string): string {
  return `invocation.${invocationId}`;
}

/** The reply queue of one run; like every name a run creates, it starts with `fnsync.<runId>.`. */
export function replyQueueName(runId: string): string {
  return `fnsync.${runId}.replies`;
}

/**
 * The deployed name of a function: `<prefix>-<role>`, the role being the export name without its
 * `Handler` suffix, kebab-cased (`masterHandler` -> `fnsync-master`). Deploy and invoke both use
 * this, so that they cannot disagree.
 */
export function deployedFunctionName(prefix: string, fn: FunctionRef): string {
  const role = fn.export
    .replace(/Handler$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
  return `${prefix}-${role || 'handler'}`;
}
