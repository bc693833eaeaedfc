import { LoopDevice } from '../systems/loop-device.js';
import type { GfsMessage } from './gfs-messages.js';
import {
  HEARTBEAT_MISSES,
  HEARTBEAT_ROUNDS,
  MASTER_IDLE_ROUNDS,
  chunkserverIndices,
  clientIndices,
  type GfsOptions,
} from './gfs-options.js';

/** The master's metadata of one chunk: (filename, chunk index) -> handle, servers, version. */
interface ChunkMeta {
  readonly handle: number;
  readonly filename: string;
  readonly chunkindex: number;
  /** servers[0] is the primary. */
  servers: number[];
  version: number;
  /** Chosen servers that have not confirmed the allocation yet. */
  readonly allocating: Set<number>;
  /** Clients waiting for the allocation to finish. */
  readonly waiters: number[];
}

interface ServerState {
  unanswered: number;
  dead: boolean;
  /** The last heartbeat answer: handle -> version and length, and the round it came. */
  report: { round: number; chunks: Map<number, { version: number; length: number }> } | null;
}

export interface MasterResult {
  readonly role: 'master';
  readonly chunks: { handle: number; chunkindex: number; servers: number[]; version: number }[];
  /** Chunkservers taken for dead, in order. */
  readonly failed: number[];
}

/**
 * The seed's GFS master, completed. It maps (file, chunk index) to a chunk handle and its
 * servers, allocating a chunk on `replicas` random chunkservers when a client asks for one that
 * does not exist (the first chosen is the primary). While clients are active it pings every
 * chunkserver every few rounds; one that misses several pings is taken for dead: it leaves every
 * chunk's servers, a survivor becomes primary if it was the primary, a spare chunkserver replaces
 * it, and the chunk's version goes up (the replicas resync). A chunkserver that answers again is
 * back, and told to delete the stale chunks it still holds. When every client has quit and every
 * chunk's live replicas report the same version and length, it tells the chunkservers to quit.
 */
export class GfsMaster extends LoopDevice<GfsMessage, GfsOptions> {
  private readonly files = new Map<string, ChunkMeta>();
  private readonly byHandle = new Map<number, ChunkMeta>();
  private readonly servers = new Map<number, ServerState>(
    chunkserverIndices(this.options).map((server) => [server, { unanswered: 0, dead: false, report: null }]),
  );
  private readonly clients = clientIndices(this.options, this.numberOfDevices);
  private readonly quit = new Set<number>();
  private lastClientRound = 0;
  /** The round every client had quit by: heartbeat answers after it show the final state. */
  private allQuitRound: number | null = null;
  private readonly failed: number[] = [];

  protected handle(message: GfsMessage): void {
    switch (message.type) {
      case 'File2ChunkReq':
        this.lastClientRound = this.round;
        this.locate(message.filename, message.chunkindex, message.createIfNotExists, message.source);
        return;
      case 'AllocateChunkRsp': {
        const meta = this.byHandle.get(message.chunkhandle);
        if (meta?.allocating.delete(message.source) && meta.allocating.size === 0) this.answerWaiters(meta);
        return;
      }
      case 'HeartbeatRsp':
        this.heard(message.source, message.chunks);
        return;
      case 'Quit':
        this.lastClientRound = this.round;
        this.quit.add(message.source);
        if (this.clients.every((client) => this.quit.has(client))) this.allQuitRound ??= this.round;
        return;
      default:
        return;
    }
  }

  protected override work(): void {
    const pinging = this.allQuitRound !== null || this.round - this.lastClientRound <= MASTER_IDLE_ROUNDS;
    if (pinging && this.round % HEARTBEAT_ROUNDS === 0) {
      for (const [server, state] of this.servers) {
        if (state.dead) continue;
        if (state.unanswered >= HEARTBEAT_MISSES) this.declareDead(server);
        else {
          state.unanswered++;
          this.tell(server, { type: 'Heartbeat' });
        }
      }
    }
    if (this.allQuitRound !== null && this.settled(this.allQuitRound)) {
      for (const server of this.servers.keys()) this.tell(server, { type: 'Quit' });
      this.stop();
    }
  }

  private locate(filename: string, chunkindex: number, create: boolean, client: number): void {
    const meta = this.files.get(`${filename}#${chunkindex}`);
    if (meta && meta.allocating.size > 0) {
      // Still allocating: asked again, the master asks again too (a request or an answer may be lost).
      if (!meta.waiters.includes(client)) meta.waiters.push(client);
      for (const server of meta.allocating)
        this.tell(server, { type: 'AllocateChunkReq', chunkhandle: meta.handle, chunkservers: meta.servers, version: meta.version });
    } else if (meta) this.tell(client, { type: 'File2ChunkRsp', filename, chunkindex, chunkhandle: meta.handle, locations: meta.servers });
    else if (create) this.allocate(filename, chunkindex, client);
    else this.tell(client, { type: 'File2ChunkRsp', filename, chunkindex, chunkhandle: 0, locations: [] });
  }

  /** A new chunk on `replicas` random live chunkservers; the first is its primary. */
  private allocate(filename: string, chunkindex: number, client: number): void {
    const live = [...this.servers].filter(([, state]) => !state.dead).map(([server]) => server);
    const chosen = this.medium.random.shuffle(live).slice(0, this.options.replicas);
    if (chosen.length === 0) {
      this.tell(client, { type: 'File2ChunkRsp', filename, chunkindex, chunkhandle: 0, locations: [] });
      return;
    }
    let handle: number;
    do handle = this.medium.random.int(1, 999_999);
    while (this.byHandle.has(handle));
    const meta: ChunkMeta = { handle, filename, chunkindex, servers: chosen, version: 1, allocating: new Set(chosen), waiters: [client] };
    this.files.set(`${filename}#${chunkindex}`, meta);
    this.byHandle.set(handle, meta);
    for (const server of chosen) this.tell(server, { type: 'AllocateChunkReq', chunkhandle: handle, chunkservers: chosen, version: 1 });
  }

  private answerWaiters(meta: ChunkMeta): void {
    for (const client of meta.waiters.splice(0)) {
      this.tell(client, {
        type: 'File2ChunkRsp',
        filename: meta.filename,
        chunkindex: meta.chunkindex,
        chunkhandle: meta.handle,
        locations: meta.servers,
      });
    }
  }

  private heard(server: number, chunks: { chunkhandle: number; version: number; length: number }[]): void {
    const state = this.servers.get(server);
    if (!state) return;
    state.unanswered = 0;
    state.dead = false;
    state.report = {
      round: this.round,
      chunks: new Map(chunks.map((chunk) => [chunk.chunkhandle, { version: chunk.version, length: chunk.length }])),
    };
    // Garbage: replicas of chunks this server no longer serves (it was taken for dead meanwhile).
    for (const { chunkhandle } of chunks) {
      if (!this.byHandle.get(chunkhandle)?.servers.includes(server)) this.tell(server, { type: 'DeleteChunk', chunkhandle });
    }
    // A replica behind the master's version missed its new servers list: it gets it again.
    for (const meta of this.byHandle.values()) {
      if (!meta.servers.includes(server) || meta.allocating.has(server)) continue;
      const reported = state.report.chunks.get(meta.handle);
      if (reported === undefined || reported.version < meta.version)
        this.tell(server, { type: 'ChunkLocations', chunkhandle: meta.handle, chunkservers: meta.servers, version: meta.version });
    }
  }

  /** Fail-over: the server leaves every chunk; survivors (and a spare) get a new version. */
  private declareDead(server: number): void {
    const state = this.servers.get(server);
    if (!state) return;
    state.dead = true;
    state.report = null;
    this.failed.push(server);
    this.medium.mark('dead', { server });
    for (const meta of this.byHandle.values()) {
      if (!meta.servers.includes(server)) continue;
      meta.servers = meta.servers.filter((s) => s !== server);
      const spares = [...this.servers].filter(([s, st]) => !st.dead && !meta.servers.includes(s)).map(([s]) => s);
      const spare = spares.length > 0 ? this.medium.random.pick(spares) : undefined;
      if (spare !== undefined && meta.servers.length > 0) meta.servers.push(spare);
      meta.version++;
      const wasAllocating = meta.allocating.delete(server);
      for (const s of meta.servers) {
        if (meta.allocating.has(s) || (wasAllocating && s === spare)) {
          if (s === spare) meta.allocating.add(s);
          this.tell(s, { type: 'AllocateChunkReq', chunkhandle: meta.handle, chunkservers: meta.servers, version: meta.version });
        } else {
          this.tell(s, { type: 'ChunkLocations', chunkhandle: meta.handle, chunkservers: meta.servers, version: meta.version });
        }
      }
      if (meta.allocating.size === 0 && meta.waiters.length > 0) this.answerWaiters(meta);
    }
  }

  /** Every chunk's live replicas answered a heartbeat after `since` with its version and one length. */
  private settled(since: number): boolean {
    for (const meta of this.byHandle.values()) {
      if (meta.allocating.size > 0) return false;
      const lengths = new Set<number>();
      for (const server of meta.servers) {
        const state = this.servers.get(server);
        if (!state || state.dead) continue;
        const reported = state.report && state.report.round > since ? state.report.chunks.get(meta.handle) : undefined;
        if (reported?.version !== meta.version) return false;
        lengths.add(reported.length);
      }
      if (lengths.size > 1) return false;
    }
    return true;
  }

  override result(): MasterResult {
    return {
      role: 'master',
      chunks: [...this.byHandle.values()].map(({ handle, chunkindex, servers, version }) => ({
        handle,
        chunkindex,
        servers: [...servers],
        version,
      })),
      failed: [...this.failed],
    };
  }
}
