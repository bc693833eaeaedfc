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

/** What a distributed variable holds; its home refuses a write of another kind. */
export const VariableKind = z.enum(['number', 'string', 'boolean', 'json']);
export type VariableKind = z.infer<typeof VariableKind>;
const varName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, { error: 'a variable name is 1-64 letters, digits, . : - _' });
/** A cell: a variable's name, or an element of an array variable, `name#3`. */
const cell = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}(#\d{1,9})?$/, { error: 'not a variable cell' });

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
  /** The distributed variables whose home is the sender. */
  variables: z.array(z.strictObject({ name: varName, kind: VariableKind, length: count.optional() })).max(10_000),
  /** The node the sender last knew to hold the lock's token, if any. */
  holder: z.strictObject({ id: nodeId, moves: count }).optional(),
};

/** A shared file's name: one entry of a shared folder, never a path. */
const fileName = z
  .string()
  .regex(/^[^/\\\0]{1,255}$/, { error: 'a file name, not a path' })
  .refine((n) => n !== '.' && n !== '..');
const SharedFileEntry = z.strictObject({ name: fileName, size: count, mtime: count });

/**
 * One stroke of the whiteboard demo: a polyline on a board of BOARD_WIDTH x BOARD_HEIGHT units
 * (whole numbers, so a stroke is small and the same on every screen), its colour and width.
 */
export const BOARD_WIDTH = 1000;
export const BOARD_HEIGHT = 600;
/** Points per stroke: a long drag is cut into several strokes by the page. */
export const STROKE_POINTS = 256;
export const StrokeDrawing = z.strictObject({
  color: z.string().regex(/^#[0-9a-f]{6}$/, { error: 'a colour is #rrggbb' }),
  width: z.int().min(1).max(24),
  points: z
    .array(z.tuple([z.int().min(0).max(BOARD_WIDTH), z.int().min(0).max(BOARD_HEIGHT)]))
    .min(1)
    .max(STROKE_POINTS),
});
export type StrokeDrawing = z.infer<typeof StrokeDrawing>;
/** A stroke as it travels: the drawing node's id and its own sequence number make it unique. */
const Stroke = StrokeDrawing.extend({ by: nodeId, seq: count });
export type Stroke = z.infer<typeof Stroke>;
/** Strokes per `strokes` message to a newcomer: 64 of the largest stay well under the 1 MiB limit. */
export const STROKES_PER_BATCH = 64;

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
  z.strictObject({ type: z.literal('var-created'), from: nodeId, name: varName, kind: VariableKind, length: count.optional() }),
  z.strictObject({ type: z.literal('var-read'), from: nodeId, reqId: id, cell }),
  z.strictObject({ type: z.literal('var-value'), from: nodeId, reqId: id, cell, version: count, value: z.json() }),
  z.strictObject({ type: z.literal('var-write'), from: nodeId, reqId: id, cell, value: z.json() }),
  z.strictObject({ type: z.literal('var-written'), from: nodeId, reqId: id, cell, version: count }),
  z.strictObject({ type: z.literal('var-error'), from: nodeId, reqId: id, message: z.string().max(2000) }),
  z.strictObject({ type: z.literal('var-invalidate'), from: nodeId, cell, version: count }),
  z.strictObject({ type: z.literal('var-invalidated'), from: nodeId, cell, version: count }),
  z.strictObject({ type: z.literal('files'), from: nodeId, files: z.array(SharedFileEntry).max(10_000) }),
  z.strictObject({ type: z.literal('file-read'), from: nodeId, reqId: id, name: fileName, offset: count, length: count }),
  z.strictObject({ type: z.literal('file-data'), from: nodeId, reqId: id, size: count, mtime: count, data: z.base64().max(1_000_000) }),
  z.strictObject({ type: z.literal('file-error'), from: nodeId, reqId: id, message: z.string().max(2000) }),
  z.strictObject({ type: z.literal('stroke'), from: nodeId, stroke: Stroke }),
  z.strictObject({ type: z.literal('strokes'), from: nodeId, strokes: z.array(Stroke).max(STROKES_PER_BATCH) }),
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
