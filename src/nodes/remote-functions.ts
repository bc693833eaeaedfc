import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { deferred, messageOf, timedOut, type Deferred } from '../common/index.js';
import { waitFor } from './wait-for.js';
import type { Delivery, Subscription } from '../transport/index.js';
import { RemoteCallError } from './errors.js';
import { WorkItem, type MessageOf, type NodeMessage, type Outcome } from './messages.js';
import { assertFunctionName } from './names.js';
import type { NodePort } from './port.js';

/** A function other nodes may call: its argument is JSON (checked by `input` when given), its result too. */
export type RemoteFunction = (arg: unknown, context: CallContext) => unknown;

export interface CallContext {
  /** The node that called it (or dispatched the call). */
  readonly caller: string;
}

export interface RegisterOptions {
  /** Validates the argument before the function sees it; a bad one is the caller's `bad-argument` error. */
  input?: z.ZodType;
}

export interface CallOptions {
  /** Default: 10 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** One dispatched call that completed: which argument, where it ran, what it returned. */
export interface CallCompleted {
  readonly index: number;
  readonly node: string;
  readonly value: unknown;
}

export interface DispatchOptions {
  /** For the whole dispatch. Default: 120 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Each call's completion, in completion order, once per argument. */
  onResult?: (event: CallCompleted) => void;
  /** A node took an argument (it may be taken again if that node fails). */
  onTaken?: (event: { index: number; node: string }) => void;
}

const DEFAULT_CALL_TIMEOUT_MS = 10_000;
const DEFAULT_DISPATCH_TIMEOUT_MS = 120_000;
/** A work queue nobody consumes or declares goes after this long (a cluster that crashed). */
const WORK_QUEUE_EXPIRES_MS = 60_000;
/** Results above this are refused by the sender: the transport drops messages over 1 MiB unread. */
const MAX_RESULT_BYTES = 900 * 1024;
/** How many cancelled dispatch ids a node remembers, so that their queued work is skipped. */
const CANCELLED_KEPT = 1000;

interface PendingCall {
  readonly to: string;
  readonly fn: string;
  readonly done: Deferred<unknown>;
}

interface PendingDispatch {
  readonly fn: string;
  readonly items: readonly WorkItem[];
  readonly results: unknown[];
  readonly completed: Set<number>;
  readonly takenBy: Map<number, string>;
  readonly done: Deferred<unknown[]>;
  readonly options: DispatchOptions;
}

/**
 * The seed's global function store, on the broker. `call` goes straight to one node's queue and
 * back; `dispatch` puts one work item per argument on the function's work queue, which every node
 * that registered the function consumes with a prefetch of one: a node that finishes pulls the next
 * item (competing consumers), and the broker hands the unacknowledged item of a node that died to
 * another. A node that is failed but not dead (frozen) has its taken items published again.
 * Duplicated completions are counted once.
 */
export class RemoteFunctions {
  private readonly registry = new Map<string, { fn: RemoteFunction; input: z.ZodType | undefined }>();
  private readonly calls = new Map<string, PendingCall>();
  private readonly dispatches = new Map<string, PendingDispatch>();
  private readonly cancelled = new Set<string>();
  private readonly subscriptions: Subscription[] = [];
  /** Work queues this node declared (to register or to dispatch): the last node to leave deletes them. */
  readonly workQueues = new Set<string>();

  constructor(private readonly port: NodePort) {}

  names(): string[] {
    return [...this.registry.keys()].sort();
  }

  async register(name: string, fn: RemoteFunction, options: RegisterOptions = {}): Promise<void> {
    assertFunctionName(name);
    if (this.registry.has(name)) throw new RemoteCallError('bad-argument', `function '${name}' is already registered on this node`);
    this.registry.set(name, { fn, input: options.input });
    const queue = this.port.names.work(name);
    await this.port.connection.declareQueue(queue, WORK_QUEUE_EXPIRES_MS);
    this.workQueues.add(queue);
    this.subscriptions.push(
      await this.port.connection.subscribeShared(queue, WorkItem, 1, {
        onMessage: (item, delivery, ack) => {
          this.work(item, delivery, ack);
        },
        onRejected: (reason, detail, log) => {
          if (log) this.port.log.warn(`rejected on ${queue} (${reason}): ${detail}`);
        },
      }),
    );
    this.port.broadcast({ type: 'functions', from: this.port.id, functions: this.names() });
  }

  async call(fn: string, arg: unknown, to: string, options: CallOptions = {}): Promise<unknown> {
    assertFunctionName(fn);
    const node = this.port.members.get(to);
    if (!node) throw new RemoteCallError('no-such-node', `no node '${to}' in cluster ${this.port.names.cluster}`);
    if (!this.port.members.isAlive(to)) throw new RemoteCallError('node-failed', `node ${node.name} (${to}) is ${node.state}`);
    const callId = randomUUID();
    const done = deferred<unknown>({ quiet: true });
    this.calls.set(callId, { to, fn, done });
    const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    try {
      this.port.send(to, { type: 'call', from: this.port.id, callId, fn, arg: toJson(arg) });
      return await waitFor(done.promise, timeoutMs, options.signal, () =>
        timedOut(`call of ${fn} on ${node.name} (${to})`, timeoutMs, 'no reply'),
      );
    } finally {
      this.calls.delete(callId);
    }
  }

  async dispatch(fn: string, args: readonly unknown[], options: DispatchOptions = {}): Promise<unknown[]> {
    assertFunctionName(fn);
    this.assertServed(fn);
    const dispatchId = randomUUID();
    const items = args.map((arg, index): WorkItem => ({ type: 'work', from: this.port.id, dispatchId, index, fn, arg: toJson(arg) }));
    const pending: PendingDispatch = {
      fn,
      items,
      results: new Array<unknown>(args.length).fill(null),
      completed: new Set(),
      takenBy: new Map(),
      done: deferred({ quiet: true }),
      options,
    };
    if (items.length === 0) return [];
    this.dispatches.set(dispatchId, pending);
    const queue = this.port.names.work(fn);
    const timeoutMs = options.timeoutMs ?? DEFAULT_DISPATCH_TIMEOUT_MS;
    try {
      await this.port.connection.declareQueue(queue, WORK_QUEUE_EXPIRES_MS);
      this.workQueues.add(queue);
      for (const item of items) this.port.connection.publish('', item, queue);
      await this.port.connection.flush();
      return await waitFor(pending.done.promise, timeoutMs, options.signal, () =>
        timedOut(`dispatch of ${items.length} calls of ${fn}`, timeoutMs, `${pending.completed.size} completed`),
      );
    } finally {
      this.dispatches.delete(dispatchId);
      if (pending.completed.size < items.length) this.port.broadcast({ type: 'cancel', from: this.port.id, dispatchId });
    }
  }

  handle(message: NodeMessage): void {
    switch (message.type) {
      case 'call':
        void this.run(message.fn, message.arg, message.from).then((outcome) => {
          this.port.send(message.from, { type: 'reply', from: this.port.id, callId: message.callId, outcome });
        });
        return;
      case 'reply':
        this.onReply(message);
        return;
      case 'taken':
        this.onTaken(message);
        return;
      case 'result':
        this.onResult(message);
        return;
      case 'cancel':
        this.cancelled.add(message.dispatchId);
        if (this.cancelled.size > CANCELLED_KEPT) this.cancelled.delete(this.cancelled.values().next().value ?? '');
        return;
      default:
        return;
    }
  }

  /** A peer failed: its calls fail, its taken work goes back on the queue, dispatches nobody can serve fail. */
  onPeerGone(id: string, why: string): void {
    for (const call of this.calls.values())
      if (call.to === id) call.done.reject(new RemoteCallError('node-failed', `call of ${call.fn} on ${id}: ${why}`));
    for (const pending of this.dispatches.values()) {
      for (const [index, node] of pending.takenBy) {
        if (node !== id || pending.completed.has(index)) continue;
        const item = pending.items[index];
        if (!item) continue;
        pending.takenBy.delete(index);
        this.port.log.info(`dispatch of ${pending.fn}: call ${index} goes back on the queue (node ${id} ${why})`);
        this.port.connection.publish('', item, this.port.names.work(pending.fn));
      }
      if (!this.served(pending.fn))
        pending.done.reject(new RemoteCallError('node-failed', `dispatch of ${pending.fn}: no live node serves it any more`));
    }
  }

  async close(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.cancel();
    for (const call of this.calls.values()) call.done.reject(new RemoteCallError('cancelled', 'the node left'));
    for (const pending of this.dispatches.values()) pending.done.reject(new RemoteCallError('cancelled', 'the node left'));
  }

  private served(fn: string): boolean {
    return this.registry.has(fn) || this.port.members.peers().some((peer) => peer.functions.includes(fn));
  }

  private assertServed(fn: string): void {
    if (!this.served(fn))
      throw new RemoteCallError('no-such-function', `no node of cluster ${this.port.names.cluster} serves function '${fn}'`);
  }

  private work(item: WorkItem, delivery: Delivery, ack: () => void): void {
    if (!this.port.accepts(item, delivery) || this.cancelled.has(item.dispatchId)) {
      ack();
      return;
    }
    this.port.send(item.from, { type: 'taken', from: this.port.id, dispatchId: item.dispatchId, index: item.index });
    void this.run(item.fn, item.arg, item.from).then((outcome) => {
      this.port.send(item.from, { type: 'result', from: this.port.id, dispatchId: item.dispatchId, index: item.index, outcome });
      ack();
    });
  }

  /** Runs a registered function; every way it can fail becomes an outcome, never a throw. */
  private async run(name: string, arg: unknown, caller: string): Promise<Outcome> {
    const entry = this.registry.get(name);
    if (!entry) return { ok: false, error: { kind: 'no-such-function', message: `node ${this.port.id} has no function '${name}'` } };
    let input = arg;
    if (entry.input) {
      const parsed = entry.input.safeParse(arg);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        return { ok: false, error: { kind: 'bad-argument', message: `${name}: ${where}${issue?.message ?? 'invalid argument'}` } };
      }
      input = parsed.data;
    }
    try {
      const value = toJson(await entry.fn(input, { caller }));
      if (JSON.stringify(value).length > MAX_RESULT_BYTES)
        return { ok: false, error: { kind: 'too-large', message: `${name} returned more than ${MAX_RESULT_BYTES} bytes` } };
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: { kind: 'threw', message: `${name} threw on node ${this.port.id}: ${messageOf(error).slice(0, 1500)}` } };
    }
  }

  private onReply(message: MessageOf<'reply'>): void {
    const call = this.calls.get(message.callId);
    if (call?.to !== message.from) return;
    if (message.outcome.ok) call.done.resolve(message.outcome.value);
    else call.done.reject(new RemoteCallError(message.outcome.error.kind, message.outcome.error.message));
  }

  private onTaken(message: MessageOf<'taken'>): void {
    const pending = this.dispatches.get(message.dispatchId);
    if (!pending || pending.completed.has(message.index) || message.index >= pending.items.length) return;
    pending.takenBy.set(message.index, message.from);
    pending.options.onTaken?.({ index: message.index, node: message.from });
  }

  private onResult(message: MessageOf<'result'>): void {
    const pending = this.dispatches.get(message.dispatchId);
    if (!pending || pending.completed.has(message.index) || message.index >= pending.items.length) return;
    const { outcome } = message;
    if (!outcome.ok) {
      pending.done.reject(new RemoteCallError(outcome.error.kind, `call ${message.index}: ${outcome.error.message}`));
      return;
    }
    pending.completed.add(message.index);
    pending.results[message.index] = outcome.value;
    pending.options.onResult?.({ index: message.index, node: message.from, value: outcome.value });
    if (pending.completed.size === pending.items.length) pending.done.resolve(pending.results);
  }
}

/** A value as JSON carries it (undefined becomes null); a value JSON cannot carry is refused. */
function toJson(value: unknown): z.core.util.JSONType {
  if (value === undefined) return null;
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new TypeError('a value that JSON cannot carry (a function or a symbol)');
  return JSON.parse(text) as z.core.util.JSONType;
}
