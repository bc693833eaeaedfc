import * as z from 'zod/mini';
import { RecoveryStats } from '../transport/index.js';
import { ListEntry, MAX_SLAVES } from './messages.js';
import { RUN_ID_PATTERN } from './names.js';

/** Everything a function knows arrives in its payload: nothing is shared between invocations. */
const common = {
  amqpUrl: z.string().check(z.minLength(1)),
  runId: z.string().check(z.regex(RUN_ID_PATTERN)),
  slaves: z.int().check(z.minimum(1), z.maximum(MAX_SLAVES)),
  seed: z.int().check(z.minimum(0)),
  /** How long a granted slave may take to write its value. */
  leaseMs: z.int().check(z.positive()),
  /** The whole run's limit; a function gives up after it. */
  timeoutMs: z.int().check(z.positive()),
  /** The run's key (see RunKey): it authenticates every message; never logged, never on the broker. */
  secret: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)),
  /** Survive the loss of a broker node (see BrokerConnection's `replicated`). */
  replicated: z._default(z.boolean(), false),
};

export const MasterPayload = z.strictObject(common);
export const SlavePayload = z.strictObject({
  ...common,
  slave: z.int().check(z.minimum(0), z.maximum(MAX_SLAVES - 1)),
});
export type MasterPayload = z.infer<typeof MasterPayload>;
export type SlavePayload = z.infer<typeof SlavePayload>;

const count = z.int().check(z.minimum(0));
export const FunctionStats = z.strictObject({
  published: count,
  delivered: count,
  rejected: count,
  /** By reason (see RejectReason). */
  rejectedBy: z.record(z.string(), count),
  /** Replicated runs: what surviving a node's loss took. */
  recovery: z.optional(RecoveryStats),
});
export type FunctionStats = z.infer<typeof FunctionStats>;

export const SlaveResult = z.strictObject({ slave: z.int().check(z.minimum(0)), list: z.array(ListEntry), stats: FunctionStats });
export const MasterResult = z.strictObject({
  order: z.array(z.int().check(z.minimum(0))),
  /** From the `start` publish to the `done` publish, measured by the master. */
  protocolMs: z.number().check(z.minimum(0)),
  /** When each round's grant was sent (ms since the epoch, the master's clock), in round order: for timelines. */
  grantedAt: z.array(z.number()),
  stats: FunctionStats,
});
export type SlaveResult = z.infer<typeof SlaveResult>;
export type MasterResult = z.infer<typeof MasterResult>;

/** The part of the orchestrator's HandlerContext a function uses (functions do not import the orchestrator). */
export interface FunctionContext {
  readonly signal: AbortSignal;
}
