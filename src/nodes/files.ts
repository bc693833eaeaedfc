import { randomUUID } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { deferred, timedOut, UsageError, type Deferred } from '../common/index.js';
import type { MessageOf, NodeMessage } from './messages.js';
import type { SharedFile } from './membership.js';
import type { NodePort } from './port.js';
import { waitFor } from './wait-for.js';

/** Bytes per chunk: its base64 stays under the transport's 1 MiB message limit. */
const CHUNK_BYTES = 512 * 1024;
const CHUNK_TIMEOUT_MS = 30_000;
/** The seed's rule: above this share of the machine's memory in use, fetched files are cached on disk. */
const MEMORY_CACHE_LIMIT = 0.8;

type Chunk = { size: number; mtime: number; data: Buffer };

/**
 * GutFS on the broker: every node may share a folder (its top-level files); every node sees the
 * union (`files`), fetches a file from its owner in chunks (`fetch`), caches it by (owner, name,
 * mtime) in memory or, when memory is short, on disk, and hears when a shared file changes (the
 * owner watches its folder and announces its new listing).
 */
export class GlobalFiles {
  private readonly listings = new Map<string, SharedFile[]>();
  private readonly pending = new Map<string, { owner: string; done: Deferred<Chunk> }>();
  private readonly memoryCache = new Map<string, Buffer>();
  private readonly diskCache = new Map<string, string>();
  private cacheDir: string | undefined;
  private watcher: FSWatcher | undefined;
  private rescanning: Promise<void> = Promise.resolve();

  constructor(
    private readonly port: NodePort,
    private readonly folder: string | undefined,
    private readonly onChanged: (file: SharedFile) => void,
  ) {}

  async start(): Promise<void> {
    const folder = this.folder;
    if (folder === undefined) return;
    await this.scan();
    this.watcher = watch(folder, () => {
      this.rescanning = this.rescanning
        .then(() => this.scan())
        .catch((error: unknown) => {
          this.port.log.warn(`cannot list ${folder}: ${String(error)}`);
        });
    });
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    await this.rescanning;
    if (this.cacheDir !== undefined) await rm(this.cacheDir, { recursive: true, force: true });
  }

  /** The union of every live node's shared files, by name then owner. */
  list(): SharedFile[] {
    return [...this.listings.entries()]
      .filter(([owner]) => owner === this.port.id || this.port.members.isAlive(owner))
      .flatMap(([, files]) => files)
      .sort((a, b) => a.name.localeCompare(b.name) || a.owner.localeCompare(b.owner));
  }

  /** What to tell a newcomer: this node's listing. */
  listing(): MessageOf<'files'> | undefined {
    const mine = this.listings.get(this.port.id);
    return mine && { type: 'files', from: this.port.id, files: mine.map(({ name, size, mtime }) => ({ name, size, mtime })) };
  }

  /** A file's bytes, from its owner (the newest copy if several share it) or from the cache. */
  async fetch(name: string, owner?: string): Promise<Buffer> {
    const candidates = this.list().filter((f) => f.name === name && (owner === undefined || f.owner === owner));
    const file = candidates.sort((a, b) => b.mtime - a.mtime)[0];
    if (!file)
      throw new UsageError(`no file '${name}' in cluster ${this.port.names.cluster}${owner === undefined ? '' : ` on node ${owner}`}`);
    const key = `${file.owner}/${file.mtime}/${name}`;
    const cached = this.memoryCache.get(key) ?? (this.diskCache.has(key) ? await readFile(this.diskCache.get(key) ?? '') : undefined);
    if (cached) return cached;
    const chunks: Buffer[] = [];
    let offset = 0;
    let size = file.size;
    do {
      const chunk = await this.readChunk(file.owner, name, offset);
      size = chunk.size;
      chunks.push(chunk.data);
      offset += chunk.data.length;
      if (chunk.data.length === 0) break;
    } while (offset < size);
    const bytes = Buffer.concat(chunks);
    if (bytes.length !== size) throw new UsageError(`'${name}' changed while it was fetched; fetch it again`);
    await this.cache(key, bytes);
    return bytes;
  }

  handle(message: NodeMessage): void {
    switch (message.type) {
      case 'files':
        this.learn(message.from, message.files);
        return;
      case 'file-read':
        void this.serve(message);
        return;
      case 'file-data': {
        const pending = this.pending.get(message.reqId);
        if (pending?.owner === message.from)
          pending.done.resolve({ size: message.size, mtime: message.mtime, data: Buffer.from(message.data, 'base64') });
        return;
      }
      case 'file-error': {
        const pending = this.pending.get(message.reqId);
        if (pending?.owner === message.from) pending.done.reject(new UsageError(message.message));
        return;
      }
      default:
        return;
    }
  }

  private learn(owner: string, files: readonly { name: string; size: number; mtime: number }[]): void {
    const before = new Map((this.listings.get(owner) ?? []).map((f) => [f.name, f.mtime]));
    const now = files.map((f) => ({ ...f, owner }));
    this.listings.set(owner, now);
    for (const file of now) if (before.has(file.name) && before.get(file.name) !== file.mtime) this.onChanged(file);
  }

  private async scan(): Promise<void> {
    if (this.folder === undefined) return;
    const files: SharedFile[] = [];
    for (const entry of await readdir(this.folder, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const info = await stat(join(this.folder, entry.name));
      files.push({ name: entry.name, owner: this.port.id, size: info.size, mtime: Math.floor(info.mtimeMs) });
    }
    const changed = JSON.stringify(files) !== JSON.stringify(this.listings.get(this.port.id) ?? null);
    this.learn(this.port.id, files);
    if (changed)
      this.port.broadcast({ type: 'files', from: this.port.id, files: files.map(({ name, size, mtime }) => ({ name, size, mtime })) });
  }

  private async readChunk(owner: string, name: string, offset: number): Promise<Chunk> {
    const reqId = randomUUID();
    const done = deferred<Chunk>({ quiet: true });
    this.pending.set(reqId, { owner, done });
    try {
      this.port.send(owner, { type: 'file-read', from: this.port.id, reqId, name, offset, length: CHUNK_BYTES });
      return await waitFor(done.promise, CHUNK_TIMEOUT_MS, this.port.signal, () =>
        timedOut(`reading ${name} from ${owner}`, CHUNK_TIMEOUT_MS),
      );
    } finally {
      this.pending.delete(reqId);
    }
  }

  private async serve(message: MessageOf<'file-read'>): Promise<void> {
    const fail = (text: string): void => {
      this.port.send(message.from, { type: 'file-error', from: this.port.id, reqId: message.reqId, message: text });
    };
    const shared = this.listings.get(this.port.id)?.some((f) => f.name === message.name);
    if (this.folder === undefined || !shared) {
      fail(`node ${this.port.id} shares no file '${message.name}'`);
      return;
    }
    try {
      const path = join(this.folder, message.name);
      const info = await stat(path);
      const bytes = await readFile(path);
      const data = bytes.subarray(message.offset, message.offset + Math.min(message.length, CHUNK_BYTES)).toString('base64');
      this.port.send(message.from, {
        type: 'file-data',
        from: this.port.id,
        reqId: message.reqId,
        size: bytes.length,
        mtime: Math.floor(info.mtimeMs),
        data,
      });
    } catch (error) {
      fail(`cannot read '${message.name}' on node ${this.port.id}: ${String(error)}`);
    }
  }

  private async cache(key: string, bytes: Buffer): Promise<void> {
    if (1 - freemem() / totalmem() < MEMORY_CACHE_LIMIT) {
      this.memoryCache.set(key, bytes);
      return;
    }
    this.cacheDir ??= await mkdtemp(join(tmpdir(), 'fnsync-gfs-'));
    const path = join(this.cacheDir, randomUUID());
    await writeFile(path, bytes);
    this.diskCache.set(key, path);
  }
}
