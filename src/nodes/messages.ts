import { z } from 'zod';
import { NODE_ID } from './names.js';

/**
 * Every message a node puts on the broker, validated on receipt. Each names its sender (`from`, a
 * node id); with a cluster secret the transport authenticates that sender and the node refuses a
 * message whose `from` is another's (see node.ts).
 */
const nodeId = z.string().regex(NODE_ID, { error: 'a node id is 8 hex digits' });
const name = z.string().min(1).max(64);
const count = z.number().int().nonnegative();
const id = z.string().min(1).max(64);

const Resources = z.strictObject({
  cpuPercent: z.number().nonnegative(),
  rssBytes: count,
  totalMemBytes: count,
  freeMemBytes: count,
  load1: z.number().nonnegative(),
  sampledAt: count,
});

/** What a node says of itself when it joins (hello, to all) and to a newcomer (welcome, direct). */
const Introduction = {
  from: nodeId,
  name,
  address: z.string().max(300),
  joinedAt: count,
  functions: z.array(name).max(1000),
  resources: Resources,
  /** The node the sender last knew to hold the lock's token, if any. */
  holder: z.strictObject({ id: nodeId, moves: count }).optional(),
};

const RemoteError = z.strictObject({
  kind: z.enum(['no-such-function', 'bad-argument', 'threw', 'too-large', 'cancelled']),
  message: z.string().max(2000),
});

const Outcome = z.union([
  z.strictObject({ ok: z.literal(true), value: z.json() }),
  z.strictObject({ ok: z.literal(false), error: RemoteError }),
]);

export const NodeMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), ...Introduction }),
  z.strictObject({ type: z.literal('welcome'), ...Introduction }),
  z.strictObject({ type: z.literal('bye'), from: nodeId }),
  z.strictObject({ type: z.literal('functions'), from: nodeId, functions: z.array(name).max(1000) }),
  z.strictObject({ type: z.literal('echo'), from: nodeId, seq: count }),
  z.strictObject({ type: z.literal('echo-reply'), from: nodeId, seq: count, resources: Resources }),
  z.strictObject({ type: z.literal('call'), from: nodeId, callId: id, fn: name, arg: z.json() }),
  z.strictObject({ type: z.literal('reply'), from: nodeId, callId: id, outcome: Outcome }),
  z.strictObject({ type: z.literal('taken'), from: nodeId, dispatchId: id, index: count }),
  z.strictObject({ type: z.literal('result'), from: nodeId, dispatchId: id, index: count, outcome: Outcome }),
  z.strictObject({ type: z.literal('cancel'), from: nodeId, dispatchId: id }),
  z.strictObject({ type: z.literal('lock-request'), from: nodeId, n: count }),
  z.strictObject({
    type: z.literal('token'),
    from: nodeId,
    to: nodeId,
    ln: z.record(nodeId, count),
    queue: z.array(nodeId).max(10_000),
    moves: count,
  }),
  z.strictObject({ type: z.literal('token-moved'), from: nodeId, holder: nodeId, moves: count }),
]);
export type NodeMessage = z.infer<typeof NodeMessage>;
export type MessageOf<T extends NodeMessage['type']> = Extract<NodeMessage, { type: T }>;
export type Outcome = z.infer<typeof Outcome>;
export type RemoteErrorKind = z.infer<typeof RemoteError>['kind'];

/** A dispatched call on a function's work queue (competing consumers). */
export const WorkItem = z.strictObject({
  type: z.literal('work'),
  from: nodeId,
  dispatchId: id,
  index: count,
  fn: name,
  arg: z.json(),
});
export type WorkItem = z.infer<typeof WorkItem>;
