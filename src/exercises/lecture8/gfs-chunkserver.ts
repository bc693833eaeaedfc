import { LoopDevice } from '../systems/loop-device.js';
import type { GfsMessage, GfsRecord } from './gfs-messages.js';
import type { GfsOptions } from './gfs-options.js';

/** What a replica knows of a chunk. */
export interface Chunk {
  readonly handle: number;
  version: number;
  /** servers[0] is the primary. */
  servers: number[];
  records: GfsRecord[];
  /** Has this replica the primary's state of `version` (a sync, or the allocation)? */
  synced: boolean;
  /** Replicated records that came early: a later version, an offset past the end. */
  early: { version: number; offset: number; record: GfsRecord }[];
  /** Primary only: how many records each secondary acknowledged for this version. */
  acked: Map<number, number>;
  /** Primary only: appends stored here that wait for every secondary, by `client:seq`. */
  pending: Map<string, { offset: number; client: number; seq: number }>;
  /** Primary only: this version began with a sync (not an allocation), which a secondary must acknowledge first. */
  syncs: boolean;
  /** Primary only: resends to each secondary since it last acknowledged something new. */
  resent: Map<number, number>;
}

export interface ChunkserverResult {
  readonly role: 'chunkserver';
  /** handle -> the records in order, as `client:seq` */
  readonly chunks: Record<string, string[]>;
  /** Handles of the chunks this server is the primary of. */
  readonly primaryOf: number[];
}

/** How often (in rounds) a primary resends what its secondaries have not acknowledged. */
const RESEND_ROUNDS = 10;
/** Resends to a secondary that acknowledges nothing new before the primary leaves it to the master. */
const RESENDS = 5;

const recordKey = (record: { client: number; seq: number }): string => `${record.client}:${record.seq}`;

/** A chunk as a replica first learns of it. */
function newChunk(handle: number, version: number, servers: number[], records: GfsRecord[], synced: boolean): Chunk {
  return { handle, version, servers, records, synced, early: [], acked: new Map(), pending: new Map(), syncs: false, resent: new Map() };
}

/**
 * A GFS chunkserver. Record append is passive replication through the chunk's primary (the first
 * of its servers): a secondary forwards a client's append to the primary, which picks the
 * offset, stores the record and sends it to every secondary; a secondary stores records strictly
 * in the primary's order (an early one waits) and acknowledges how many it holds; the primary
 * answers the client once every secondary holds the record. An append seen before (a client's
 * retry) is answered with its first offset, never stored twice. When the master changes a chunk's
 * servers (one died) the version goes up, and the primary of the new version first hands every
 * secondary its whole chunk, so that all replicas agree again. It answers the master's heartbeats
 * with the chunks it holds.
 */
export class GfsChunkserver extends LoopDevice<GfsMessage, GfsOptions> {
  protected readonly chunks = new Map<number, Chunk>();

  protected handle(message: GfsMessage): void {
    switch (message.type) {
      case 'AllocateChunkReq':
        this.allocate(message.chunkhandle, message.chunkservers, message.version);
        this.tell(message.source, { type: 'AllocateChunkRsp', chunkhandle: message.chunkhandle, result: 'ok' });
        return;
      case 'ChunkLocations':
        this.relocate(message.chunkhandle, message.chunkservers, message.version);
        return;
      case 'RecordAppendReq':
        this.append(message.chunkhandle, message.record, message.forwarded);
        return;
      case 'RecordReplicate':
        this.replicate(message.chunkhandle, message.version, message.offset, message.record, message.source);
        return;
      case 'RecordReplicateRsp':
        this.acknowledged(message.chunkhandle, message.version, message.length, message.source);
        return;
      case 'ChunkSync':
        this.sync(message.chunkhandle, message.version, message.chunkservers, message.records, message.source);
        return;
      case 'Heartbeat':
        this.tell(message.source, {
          type: 'HeartbeatRsp',
          chunks: [...this.chunks.values()].map((chunk) => ({
            chunkhandle: chunk.handle,
            version: chunk.version,
            length: chunk.records.length,
          })),
        });
        return;
      case 'DeleteChunk':
        if (this.chunks.delete(message.chunkhandle)) this.medium.mark('delete', { chunk: message.chunkhandle });
        return;
      case 'Quit':
        this.stop();
        return;
      default:
        return;
    }
  }

  private allocate(handle: number, servers: number[], version: number): void {
    const known = this.chunks.get(handle);
    if (known && known.version >= version) return;
    this.chunks.set(handle, newChunk(handle, version, servers, known?.records ?? [], true));
  }

  /** The master's new list and version: a new primary syncs its secondaries; a secondary waits for that sync. */
  private relocate(handle: number, servers: number[], version: number): void {
    let chunk = this.chunks.get(handle);
    if (chunk && chunk.version >= version) return;
    chunk ??= newChunk(handle, version, servers, [], false);
    this.chunks.set(handle, chunk);
    chunk.version = version;
    chunk.servers = servers;
    chunk.acked = new Map();
    chunk.synced = servers[0] === this.index;
    if (!chunk.synced) {
      chunk.pending.clear();
      return;
    }
    chunk.early = [];
    chunk.syncs = true;
    for (const secondary of servers.slice(1)) this.resend(chunk, secondary);
    this.commit(chunk);
  }

  /** A primary resends, now and then, what a secondary has not acknowledged: a lost message must not stall a chunk. */
  protected override work(): void {
    if (this.round % RESEND_ROUNDS !== 0) return;
    for (const chunk of this.chunks.values()) {
      if (chunk.servers[0] !== this.index) continue;
      for (const secondary of chunk.servers.slice(1)) {
        const resent = chunk.resent.get(secondary) ?? 0;
        // A secondary that stays silent is the master's business (heartbeats); resending for ever would keep the run alive.
        if ((chunk.acked.get(secondary) ?? -1) >= chunk.records.length || resent >= RESENDS) continue;
        chunk.resent.set(secondary, resent + 1);
        this.resend(chunk, secondary);
      }
    }
  }

  /** A client's append: forwarded to the primary, or ordered, stored and replicated here. */
  protected append(handle: number, record: GfsRecord, forwarded: boolean): void {
    const chunk = this.chunks.get(handle);
    const primary = chunk?.servers[0];
    if (!chunk || primary === undefined || (primary !== this.index && forwarded)) {
      this.answer(record, handle, 'retry');
      return;
    }
    if (primary !== this.index) {
      this.tell(primary, { type: 'RecordAppendReq', chunkhandle: handle, record, forwarded: true });
      return;
    }
    const key = recordKey(record);
    const offset = chunk.records.findIndex((stored) => recordKey(stored) === key);
    if (offset >= 0) {
      // A retry of an append already stored: answered once every secondary has it. A secondary
      // that lags (a replication or its answer was lost) gets what it misses again.
      chunk.pending.set(key, { offset, client: record.client, seq: record.seq });
      for (const secondary of chunk.servers.slice(1)) if ((chunk.acked.get(secondary) ?? -1) <= offset) this.resend(chunk, secondary);
      this.commit(chunk);
      return;
    }
    if (chunk.records.length >= this.options.capacity) {
      this.answer(record, handle, 'full');
      return;
    }
    const at = this.store(chunk, record);
    chunk.pending.set(key, { offset: at, client: record.client, seq: record.seq });
    for (const secondary of chunk.servers.slice(1)) {
      this.tell(secondary, { type: 'RecordReplicate', chunkhandle: handle, version: chunk.version, offset: at, record });
    }
    this.commit(chunk);
  }

  /** What a secondary has not acknowledged: the whole chunk if this version began with a sync it did not answer, else the records after those it holds. */
  private resend(chunk: Chunk, secondary: number): void {
    const held = chunk.acked.get(secondary);
    if (held === undefined && chunk.syncs) {
      this.tell(secondary, {
        type: 'ChunkSync',
        chunkhandle: chunk.handle,
        version: chunk.version,
        chunkservers: chunk.servers,
        records: chunk.records,
      });
      return;
    }
    chunk.records.slice(held ?? 0).forEach((record, at) => {
      this.tell(secondary, {
        type: 'RecordReplicate',
        chunkhandle: chunk.handle,
        version: chunk.version,
        offset: (held ?? 0) + at,
        record,
      });
    });
  }

  /** A record in the primary's order: stored if it is the next one, kept if early, ignored if stale. */
  protected replicate(handle: number, version: number, offset: number, record: GfsRecord, primary: number): void {
    const chunk = this.chunks.get(handle);
    if (!chunk || version < chunk.version) return;
    if (version > chunk.version || !chunk.synced || offset > chunk.records.length) {
      chunk.early.push({ version, offset, record });
      return;
    }
    if (offset === chunk.records.length) this.store(chunk, record);
    this.drainEarly(chunk);
    this.tell(primary, { type: 'RecordReplicateRsp', chunkhandle: handle, version, length: chunk.records.length });
  }

  /** The primary's whole chunk for a new version: it replaces this replica's. */
  private sync(handle: number, version: number, servers: number[], records: GfsRecord[], primary: number): void {
    const known = this.chunks.get(handle);
    if (known && version < known.version) return;
    const chunk = newChunk(handle, version, servers, [...records], true);
    chunk.early = known?.early ?? [];
    this.chunks.set(handle, chunk);
    this.medium.mark('sync', { chunk: handle, version, records: records.map(recordKey) });
    this.drainEarly(chunk);
    this.tell(primary, { type: 'RecordReplicateRsp', chunkhandle: handle, version, length: chunk.records.length });
  }

  private drainEarly(chunk: Chunk): void {
    chunk.early = chunk.early.filter(
      (early) => early.version > chunk.version || (early.version === chunk.version && early.offset >= chunk.records.length),
    );
    for (;;) {
      const next = chunk.early.findIndex((early) => early.version === chunk.version && early.offset === chunk.records.length);
      const early = chunk.early[next];
      if (early === undefined) return;
      chunk.early.splice(next, 1);
      this.store(chunk, early.record);
    }
  }

  protected store(chunk: Chunk, record: GfsRecord): number {
    const offset = chunk.records.length;
    chunk.records.push(record);
    this.medium.mark('append', { chunk: chunk.handle, offset, client: record.client, seq: record.seq });
    return offset;
  }

  private acknowledged(handle: number, version: number, length: number, secondary: number): void {
    const chunk = this.chunks.get(handle);
    if (!chunk || chunk.servers[0] !== this.index || version !== chunk.version) return;
    if (length > (chunk.acked.get(secondary) ?? -1)) chunk.resent.delete(secondary);
    chunk.acked.set(secondary, Math.max(chunk.acked.get(secondary) ?? 0, length));
    this.commit(chunk);
  }

  /** Answers every pending append that every secondary now holds. */
  private commit(chunk: Chunk): void {
    const secondaries = chunk.servers.slice(1);
    const held = secondaries.reduce((least, secondary) => Math.min(least, chunk.acked.get(secondary) ?? 0), chunk.records.length);
    for (const [key, { offset, client, seq }] of chunk.pending) {
      if (offset >= held) continue;
      chunk.pending.delete(key);
      this.tell(client, { type: 'RecordAppendRsp', chunkhandle: chunk.handle, seq, result: 'ok', offset });
    }
  }

  /** Tells the client to go elsewhere: the next chunk (`full`), or the master (`retry`). */
  private answer(record: GfsRecord, handle: number, result: 'full' | 'retry'): void {
    this.tell(record.client, { type: 'RecordAppendRsp', chunkhandle: handle, seq: record.seq, result, offset: null });
  }

  override result(): ChunkserverResult {
    const chunks = [...this.chunks.values()];
    return {
      role: 'chunkserver',
      chunks: Object.fromEntries(chunks.map((chunk) => [String(chunk.handle), chunk.records.map(recordKey)])),
      primaryOf: chunks.filter((chunk) => chunk.servers[0] === this.index).map((chunk) => chunk.handle),
    };
  }
}
