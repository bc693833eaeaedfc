import { z } from 'zod';
import { messageIds } from '../message.js';

const device = z.int().nonnegative();
const key = z.int().min(0).max(63);
export const NodeRefSchema = z.tuple([device, key]);

/** A lookup travels hop by hop towards the node responsible for its key; `hops` counts node-to-node forwards. */
const lookup = { key, requester: device, request: z.int().nonnegative(), hops: z.int().nonnegative() };

/** Set-up, as the seed's init_routing_tables: the client hands each ring node its id, predecessor and fingers. */
export const RoutingData = z.object({
  type: z.literal('RoutingData'),
  ...messageIds,
  chordId: key,
  prev: NodeRefSchema,
  fingerTable: z.array(NodeRefSchema),
});
export const Put = z.object({ type: z.literal('Put'), ...messageIds, ...lookup, data: z.string() });
export const PutRsp = z.object({ type: z.literal('PutRsp'), ...messageIds, key, request: z.int().nonnegative() });
export const GetReq = z.object({ type: z.literal('GetReq'), ...messageIds, ...lookup });
export const GetRsp = z.object({
  type: z.literal('GetRsp'),
  ...messageIds,
  key,
  request: z.int().nonnegative(),
  data: z.string().nullable(),
});
/** The client tells the disconnected device its id and a node of the ring to ask. */
export const StartJoin = z.object({ type: z.literal('StartJoin'), ...messageIds, chordId: key, entry: device });
/** Looks up the successor of the joining node's id. */
const JoinReq = z.object({ type: z.literal('JoinReq'), ...messageIds, ...lookup });
/** The joining node's successor, and that node's predecessor at the time. */
const JoinRsp = z.object({ type: z.literal('JoinRsp'), ...messageIds, successor: NodeRefSchema, prev: NodeRefSchema.nullable() });
/** Stabilize: "who is your predecessor?" */
const Stabilize = z.object({ type: z.literal('Stabilize'), ...messageIds });
const StabilizeRsp = z.object({ type: z.literal('StabilizeRsp'), ...messageIds, prev: NodeRefSchema.nullable() });
/** "I might be your predecessor." */
const Notify = z.object({ type: z.literal('Notify'), ...messageIds, node: NodeRefSchema });
/** The keys a node hands to its new predecessor. */
const Transfer = z.object({ type: z.literal('Transfer'), ...messageIds, items: z.array(z.object({ key, data: z.string() })) });
/** fix_fingers: who is the successor of `key`? */
const FindSuccessorReq = z.object({ type: z.literal('FindSuccessorReq'), ...messageIds, ...lookup });
const FindSuccessorRsp = z.object({
  type: z.literal('FindSuccessorRsp'),
  ...messageIds,
  key,
  request: z.int().nonnegative(),
  node: NodeRefSchema,
});
/** The joined node to the client: it has its predecessor, its keys and its fingers. */
export const JoinDone = z.object({ type: z.literal('JoinDone'), ...messageIds, chordId: key });
const Quit = z.object({ type: z.literal('Quit'), ...messageIds });

export const ChordMessage = z.discriminatedUnion('type', [
  RoutingData,
  Put,
  PutRsp,
  GetReq,
  GetRsp,
  StartJoin,
  JoinReq,
  JoinRsp,
  Stabilize,
  StabilizeRsp,
  Notify,
  Transfer,
  FindSuccessorReq,
  FindSuccessorRsp,
  JoinDone,
  Quit,
]);
export type ChordMessage = z.infer<typeof ChordMessage>;
export type LookupMessage = Extract<ChordMessage, { type: 'Put' | 'GetReq' | 'JoinReq' | 'FindSuccessorReq' }>;
