import { z } from 'zod';
import { messageIds } from '../message.js';

const handle = z.int().nonnegative();
const servers = z.array(z.int().nonnegative());
const version = z.int().nonnegative();
/** One appended record: which client's which record, and its data. */
export const GfsRecord = z.object({ client: z.int().nonnegative(), seq: z.int().nonnegative(), data: z.string() });
export type GfsRecord = z.infer<typeof GfsRecord>;

const File2ChunkReq = z.object({
  type: z.literal('File2ChunkReq'),
  ...messageIds,
  filename: z.string(),
  chunkindex: z.int().nonnegative(),
  createIfNotExists: z.boolean(),
});
/** locations[0] is the primary; chunkhandle 0 and no locations: no such chunk. */
const File2ChunkRsp = z.object({
  type: z.literal('File2ChunkRsp'),
  ...messageIds,
  filename: z.string(),
  chunkindex: z.int().nonnegative(),
  chunkhandle: handle,
  locations: servers,
});
export const AllocateChunkReq = z.object({
  type: z.literal('AllocateChunkReq'),
  ...messageIds,
  chunkhandle: handle,
  chunkservers: servers,
  version,
});
const AllocateChunkRsp = z.object({
  type: z.literal('AllocateChunkRsp'),
  ...messageIds,
  chunkhandle: handle,
  result: z.literal('ok'),
});
/** The master to a chunk's replicas after one of them died: the new list (first: the primary) and version. */
export const ChunkLocations = z.object({
  type: z.literal('ChunkLocations'),
  ...messageIds,
  chunkhandle: handle,
  chunkservers: servers,
  version,
});
/** A client's append, to any replica; a secondary forwards it to the primary once. */
export const RecordAppendReq = z.object({
  type: z.literal('RecordAppendReq'),
  ...messageIds,
  chunkhandle: handle,
  record: GfsRecord,
  forwarded: z.boolean(),
});
/** ok: stored on every replica at `offset`; full: try the next chunk; retry: ask the master where the chunk is. */
export const RecordAppendRsp = z.object({
  type: z.literal('RecordAppendRsp'),
  ...messageIds,
  chunkhandle: handle,
  seq: z.int().nonnegative(),
  result: z.enum(['ok', 'full', 'retry']),
  offset: z.int().nonnegative().nullable(),
});
/** Passive replication: the primary's order, record by record. */
const RecordReplicate = z.object({
  type: z.literal('RecordReplicate'),
  ...messageIds,
  chunkhandle: handle,
  version,
  offset: z.int().nonnegative(),
  record: GfsRecord,
});
/** A secondary holds the chunk's first `length` records of `version`. */
const RecordReplicateRsp = z.object({
  type: z.literal('RecordReplicateRsp'),
  ...messageIds,
  chunkhandle: handle,
  version,
  length: z.int().nonnegative(),
});
/** A primary of a new version hands its secondaries the whole chunk. */
const ChunkSync = z.object({
  type: z.literal('ChunkSync'),
  ...messageIds,
  chunkhandle: handle,
  version,
  chunkservers: servers,
  records: z.array(GfsRecord),
});
const Heartbeat = z.object({ type: z.literal('Heartbeat'), ...messageIds });
const HeartbeatRsp = z.object({
  type: z.literal('HeartbeatRsp'),
  ...messageIds,
  chunks: z.array(z.object({ chunkhandle: handle, version, length: z.int().nonnegative() })),
});
/** A stale replica (of a chunkserver that was taken for dead) is removed. */
const DeleteChunk = z.object({ type: z.literal('DeleteChunk'), ...messageIds, chunkhandle: handle });
const Quit = z.object({ type: z.literal('Quit'), ...messageIds });

export const GfsMessage = z.discriminatedUnion('type', [
  File2ChunkReq,
  File2ChunkRsp,
  AllocateChunkReq,
  AllocateChunkRsp,
  ChunkLocations,
  RecordAppendReq,
  RecordAppendRsp,
  RecordReplicate,
  RecordReplicateRsp,
  ChunkSync,
  Heartbeat,
  HeartbeatRsp,
  DeleteChunk,
  Quit,
]);
export type GfsMessage = z.infer<typeof GfsMessage>;
