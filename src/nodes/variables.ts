import { randomUUID } from 'node:crypto';
import { deferred, timedOut, UsageError, type Deferred } from '../common/index.js';
import { RemoteCallError } from './errors.js';
import type { MessageOf, NodeMessage, VariableKind } from './messages.js';
import type { NodePort } from './port.js';
import { waitFor } from './wait-for.js';

/** One read or write as its node saw it, for the coherence checker (see coherence-check.ts). */
export interface Access {
  readonly node: string;
  readonly op: 'read' | 'write';
  readonly cell: string;
  /** The version read, or the version the write made (the home's order of writes to the cell). */
  readonly version: number;
  readonly value: unknown;
  /** ms since the epoch, high resolution: when the operation was called and when it returned. */
  readonly start: number;
  readonly end: number;
}

export interface VariableInfo {
  readonly name: string;
  readonly kind: VariableKind;
  /** Set for arrays. */
  readonly length?: number;
  readonly home: string;
}

const DEFAULT_OP_TIMEOUT_MS = 30_000;
const now = (): number => performance.timeOrigin + performance.now();

/** A cell as its home keeps it: the value, its version, who holds a copy, and the operations waiting. */
interface HomeCell {
  value: unknown;
  version: number;
  readonly copies: Set<string>;
  /** The write whose invalidations are not all acknowledged yet; operations wait behind it. */
  writing: { readonly writer: string; readonly reqId: string; readonly awaiting: Set<string> } | undefined;
  readonly queue: MessageOf<'var-read' | 'var-write'>[];
}

/** A cell as a node caches it. */
interface Copy {
  valid: boolean;
  value: unknown;
  version: number;
  /** The highest version an invalidation named: a fetched value older than that is never valid. */
  invalidatedAt: number;
}

type Pending = Deferred<{ version: number; value: unknown }>;

/**
 * Distributed variables with the seed's write-invalidation, done right. Each variable has a home
 * (the node that created it), which orders the writes to each cell: a write goes to the home, which
 * sends an invalidation to every node holding a copy and acknowledges the write only when all of
 * them confirmed (or failed); reads and writes that arrive meanwhile wait their turn there. A node
 * reads its copy while it is valid, and fetches from the home when it is not. Nothing polls: every
 * wait is a message with a deadline.
 */
export class Variables {
  private readonly directory = new Map<string, VariableInfo>();
  private readonly announced = new Map<string, Deferred<VariableInfo>>();
  private readonly homed = new Map<string, HomeCell>();
  private readonly copies = new Map<string, Copy>();
  private readonly pending = new Map<string, { readonly home: string; readonly done: Pending }>();
  /** Every access of this node, when recording (for the checker). */
  readonly accesses: Access[] = [];

  constructor(
    private readonly port: NodePort,
    private readonly record: boolean,
  ) {}

  /** The variables whose home is this node, for introductions. */
  /** Every variable known here, wherever its home. */
  all(): VariableInfo[] {
    return [...this.directory.values()];
  }

  ownVariables(): { name: string; kind: VariableKind; length?: number }[] {
    return [...this.directory.values()]
      .filter((v) => v.home === this.port.id)
      .map(({ name, kind, length }) => (length === undefined ? { name, kind } : { name, kind, length }));
  }

  known(name: string, from: string, kind: VariableKind, length: number | undefined): void {
    const existing = this.directory.get(name);
    // Two nodes created the same name at once: the lower id's is the variable.
    if (existing && existing.home <= from) return;
    const info: VariableInfo = length === undefined ? { name, kind, home: from } : { name, kind, length, home: from };
    this.directory.set(name, info);
    this.announced.get(name)?.resolve(info);
  }

  async create(name: string, kind: VariableKind, initial: unknown, length?: number): Promise<VariableInfo> {
    assertKind(name, kind, initial);
    if (this.directory.has(name)) throw new UsageError(`variable '${name}' already exists in cluster ${this.port.names.cluster}`);
    const cells = length === undefined ? [name] : Array.from({ length }, (_, i) => `${name}#${i}`);
    for (const cell of cells) this.homed.set(cell, { value: initial, version: 0, copies: new Set(), writing: undefined, queue: [] });
    this.known(name, this.port.id, kind, length);
    this.port.broadcast(
      length === undefined
        ? { type: 'var-created', from: this.port.id, name, kind }
        : { type: 'var-created', from: this.port.id, name, kind, length },
    );
    await this.port.connection.flush();
    const info = this.directory.get(name);
    if (!info) throw new UsageError(`variable '${name}' could not be created`);
    return info;
  }

  /** The variable of that name, once its creation is known here (waits up to `timeoutMs` for it). */
  async lookup(name: string, timeoutMs = 5000): Promise<VariableInfo> {
    const info = this.directory.get(name);
    if (info) return info;
    const waiting = this.announced.get(name) ?? deferred<VariableInfo>({ quiet: true });
    this.announced.set(name, waiting);
    try {
      return await waitFor(
        waiting.promise,
        timeoutMs,
        this.port.signal,
        () => new UsageError(`no variable '${name}' in cluster ${this.port.names.cluster} (none was created within ${timeoutMs} ms)`),
      );
    } finally {
      this.announced.delete(name);
    }
  }

  async read(info: VariableInfo, cell: string): Promise<unknown> {
    const start = now();
    let copy = this.copies.get(cell);
    if (!copy?.valid) {
      const fetched = await this.request(info, cell, (reqId) => ({ type: 'var-read', from: this.port.id, reqId, cell }));
      copy = this.copies.get(cell) ?? { valid: false, value: null, version: -1, invalidatedAt: -1 };
      if (fetched.version >= copy.invalidatedAt && fetched.version >= copy.version) {
        Object.assign(copy, { valid: true, value: fetched.value, version: fetched.version });
        this.copies.set(cell, copy);
      } else {
        // Invalidated again while the value was on its way: this read still returns what it fetched.
        copy = { valid: false, value: fetched.value, version: fetched.version, invalidatedAt: copy.invalidatedAt };
      }
    }
    this.note('read', cell, copy.version, copy.value, start);
    return copy.value;
  }

  async write(info: VariableInfo, cell: string, value: unknown): Promise<void> {
    assertKind(info.name, info.kind, value);
    const start = now();
    const written = await this.request(info, cell, (reqId) => ({
      type: 'var-write',
      from: this.port.id,
      reqId,
      cell,
      value: value as never,
    }));
    const copy = this.copies.get(cell);
    if (!copy || written.version >= copy.invalidatedAt)
      this.copies.set(cell, { valid: true, value, version: written.version, invalidatedAt: copy?.invalidatedAt ?? -1 });
    this.note('write', cell, written.version, value, start);
  }

  handle(message: NodeMessage): void {
    switch (message.type) {
      case 'var-created':
        this.known(message.name, message.from, message.kind, message.length);
        return;
      case 'var-read':
      case 'var-write':
        this.atHome(message);
        return;
      case 'var-value':
        this.settle(message.reqId, message.from, { version: message.version, value: message.value });
        return;
      case 'var-written':
        this.settle(message.reqId, message.from, { version: message.version, value: null });
        return;
      case 'var-error':
        this.pending.get(message.reqId)?.done.reject(new UsageError(message.message));
        return;
      case 'var-invalidate': {
        const copy = this.copies.get(message.cell) ?? { valid: false, value: null, version: -1, invalidatedAt: -1 };
        copy.invalidatedAt = Math.max(copy.invalidatedAt, message.version);
        if (copy.version < message.version) copy.valid = false;
        this.copies.set(message.cell, copy);
        this.port.send(message.from, { type: 'var-invalidated', from: this.port.id, cell: message.cell, version: message.version });
        return;
      }
      case 'var-invalidated':
        this.acknowledged(message.cell, message.from);
        return;
      default:
        return;
    }
  }

  /** A node is gone: it holds no copy and owes no acknowledgement; the variables it was home to are lost. */
  onPeerGone(id: string): void {
    for (const [cell, home] of this.homed) {
      home.copies.delete(id);
      this.acknowledged(cell, id);
    }
    for (const pending of this.pending.values())
      if (pending.home === id) pending.done.reject(new RemoteCallError('node-failed', `the home of the variable (${id}) is gone`));
  }

  private async request(
    info: VariableInfo,
    cell: string,
    make: (reqId: string) => MessageOf<'var-read' | 'var-write'>,
  ): Promise<{ version: number; value: unknown }> {
    if (!this.port.members.isAlive(info.home))
      throw new RemoteCallError('node-failed', `variable '${info.name}': its home ${info.home} is gone`);
    const reqId = randomUUID();
    const done: Pending = deferred({ quiet: true });
    this.pending.set(reqId, { home: info.home, done });
    try {
      this.port.send(info.home, make(reqId));
      return await waitFor(done.promise, DEFAULT_OP_TIMEOUT_MS, this.port.signal, () =>
        timedOut(`an access to variable ${cell}`, DEFAULT_OP_TIMEOUT_MS, `its home is ${info.home}`),
      );
    } finally {
      this.pending.delete(reqId);
    }
  }

  private settle(reqId: string, from: string, result: { version: number; value: unknown }): void {
    const pending = this.pending.get(reqId);
    if (pending?.home === from) pending.done.resolve(result);
  }

  /** The home's side: one operation per cell at a time, a write finished only when every copy is invalid. */
  private atHome(message: MessageOf<'var-read' | 'var-write'>): void {
    const home = this.homed.get(message.cell);
    if (!home) {
      this.port.send(message.from, {
        type: 'var-error',
        from: this.port.id,
        reqId: message.reqId,
        message: `no variable cell '${message.cell}' here`,
      });
      return;
    }
    if (home.writing) {
      home.queue.push(message);
      return;
    }
    if (message.type === 'var-read') {
      home.copies.add(message.from);
      this.port.send(message.from, {
        type: 'var-value',
        from: this.port.id,
        reqId: message.reqId,
        cell: message.cell,
        version: home.version,
        value: home.value as never,
      });
      return;
    }
    const info = this.directory.get(message.cell.split('#')[0] ?? '');
    const problem = info && kindProblem(info.kind, message.value);
    if (problem !== undefined) {
      this.port.send(message.from, {
        type: 'var-error',
        from: this.port.id,
        reqId: message.reqId,
        message: `variable '${message.cell}': ${problem}`,
      });
      this.drain(home);
      return;
    }
    home.version++;
    home.value = message.value;
    const awaiting = new Set([...home.copies].filter((id) => id !== message.from && this.port.members.isAlive(id)));
    home.writing = { writer: message.from, reqId: message.reqId, awaiting };
    for (const id of awaiting)
      this.port.send(id, { type: 'var-invalidate', from: this.port.id, cell: message.cell, version: home.version });
    this.finishWrite(message.cell, home);
  }

  private acknowledged(cell: string, from: string): void {
    const home = this.homed.get(cell);
    if (!home?.writing) return;
    home.writing.awaiting.delete(from);
    this.finishWrite(cell, home);
  }

  private finishWrite(cell: string, home: HomeCell): void {
    const writing = home.writing;
    if (!writing || writing.awaiting.size > 0) return;
    home.writing = undefined;
    home.copies.clear();
    home.copies.add(writing.writer);
    this.port.send(writing.writer, { type: 'var-written', from: this.port.id, reqId: writing.reqId, cell, version: home.version });
    this.drain(home);
  }

  private drain(home: HomeCell): void {
    while (!home.writing) {
      const next = home.queue.shift();
      if (!next) return;
      this.atHome(next);
    }
  }

  private note(op: Access['op'], cell: string, version: number, value: unknown, start: number): void {
    if (this.record) this.accesses.push({ node: this.port.id, op, cell, version, value, start, end: now() });
  }
}

/** A value as a person would type it (JSON.stringify says undefined for undefined, despite its type). */
const shown = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value));

function kindProblem(kind: VariableKind, value: unknown): string | undefined {
  if (kind === 'json') return value === undefined ? 'undefined is not JSON' : undefined;
  if (kind === 'number' && !(typeof value === 'number' && Number.isFinite(value))) return `${shown(value)} is not a finite number`;
  if ((kind === 'string' || kind === 'boolean') && typeof value !== kind) return `${shown(value)} is not a ${kind}`;
  return undefined;
}

function assertKind(name: string, kind: VariableKind, value: unknown): void {
  const problem = kindProblem(kind, value);
  if (problem !== undefined) throw new UsageError(`variable '${name}' holds a ${kind}: ${problem}`);
}
