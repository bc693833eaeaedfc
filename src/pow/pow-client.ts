import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { UsageError, handled } from '../common/index.js';
import { Nonce, Zeros } from './actions.js';
import { PowAddress } from './address.js';
import { ClientMessage, type CoordinatorMessage } from './messages.js';
import { openNode, type NodeLink } from './node-session.js';
import { ResultQueue } from './result-queue.js';

/** A client is a node of the trace: `client0`, `client-ui`; never a name the service's nodes use. */
const ClientName = z.string().regex(/^client[A-Za-z0-9_-]{0,57}$/, 'a client name starts with "client" (letters, digits, - and _)');

export interface PowClientOptions {
  /** Its node name in traces (default `client0`). */
  name?: string;
  /** A request with no answer after this long is delivered as failed (default 10 minutes). */
  requestTimeoutMs?: number;
}

interface Common {
  readonly request: string;
  readonly nonce: number[];
  readonly zeros: number;
  /** From mine() to the answer. */
  readonly elapsedMs: number;
}

/** One answer, delivered in order of completion. */
export type MineResult =
  | (Common & { readonly ok: true; readonly secret: number[]; readonly hashes: number; readonly cached: boolean })
  | (Common & { readonly ok: false; readonly error: string });

const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;

interface Pending {
  readonly nonce: number[];
  readonly zeros: number;
  readonly startedAt: number;
  readonly timer: NodeJS.Timeout;
}

/**
 * The seed's powlib: `connectPow` (its Initialize), `mine` (returns at once), answers in order of
 * completion through `results()`, and `close`. Every step is traced as the seed asks.
 */
export class PowClient {
  private readonly pending = new Map<string, Pending>();
  private readonly answers = new ResultQueue<MineResult>();
  private next = 0;
  private closed = false;

  private constructor(
    private readonly link: NodeLink,
    readonly name: string,
    private readonly requestTimeoutMs: number,
  ) {}

  static async connect(address: PowAddress, options: PowClientOptions = {}): Promise<PowClient> {
    const name = parseOrUsage(ClientName, options.name ?? 'client0', 'client name');
    const link = await openNode(PowAddress.parse(address), name);
    const client = new PowClient(link, name, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    try {
      await link.connection.declareNamedExclusiveQueue(link.names.client(name));
      await link.connection.subscribe(link.names.client(name), ClientMessage, {
        onMessage: (message, { from }) => {
          if (from === 'coordinator') client.onAnswer(message);
          else link.log.warn(`ignored an answer from ${from ?? '?'}`);
        },
      });
      // A lost connection answers every open request at once: nothing waits for its timeout.
      link.connection.signal.addEventListener('abort', () => {
        client.failAll(`the connection to the broker was lost: ${String(link.connection.signal.reason)}`);
      });
    } catch (error) {
      await link.connection.close();
      throw error;
    }
    return client;
  }

  /** Asks for a secret whose MD5 with `nonce` ends in `zeros` zero hex digits; returns the request's id at once. */
  mine(nonce: readonly number[] | Uint8Array, zeros: number): string {
    if (this.closed) throw new UsageError(`${this.name} is closed`);
    const bytes = parseOrUsage(Nonce, [...nonce], 'nonce');
    const trailing = parseOrUsage(Zeros, zeros, 'zeros');
    const request = `${this.name}.${this.next++}`;
    const { tracer, connection, names } = this.link;
    const fields = { Request: request, Nonce: bytes, NumTrailingZeros: trailing };
    tracer.record({ action: 'PowlibMiningBegin', ...fields });
    tracer.record({ action: 'PowlibMine', ...fields });
    const timer = setTimeout(() => {
      this.deliver(request, { ok: false, error: `no answer within ${this.requestTimeoutMs} ms` });
    }, this.requestTimeoutMs);
    this.pending.set(request, { nonce: bytes, zeros: trailing, startedAt: performance.now(), timer });
    const message: CoordinatorMessage = { type: 'mine', client: this.name, request, nonce: bytes, zeros: trailing, clock: tracer.stamp() };
    connection.sendToQueue(names.coordinator, message);
    // A lost message fails the connection, which ends every request below.
    handled(connection.flush());
    return request;
  }

  /** Answers in order of completion; ends after close(). */
  results(): AsyncIterableIterator<MineResult> {
    return this.answers.iterate();
  }

  /** Requests not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Actions this client recorded. */
  events(): number {
    return this.link.tracer.events();
  }

  /** Stops listening; unanswered requests are delivered as failed. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(`${this.name} closed before the answer`);
    this.answers.end();
    await this.link.connection.flush().catch(() => undefined);
    await this.link.connection.close();
  }

  private failAll(error: string): void {
    for (const request of [...this.pending.keys()]) this.deliver(request, { ok: false, error });
  }

  private onAnswer(message: ClientMessage): void {
    if (!this.pending.has(message.request)) return;
    const { tracer } = this.link;
    tracer.receive(message.clock);
    if (message.type === 'failure') {
      this.deliver(message.request, { ok: false, error: message.reason });
      return;
    }
    const pending = this.pending.get(message.request);
    if (pending === undefined) return;
    const fields = { Request: message.request, Nonce: pending.nonce, NumTrailingZeros: pending.zeros, Secret: message.secret };
    tracer.record({ action: 'PowlibSuccess', ...fields });
    tracer.record({ action: 'PowlibMiningComplete', ...fields });
    this.deliver(message.request, { ok: true, secret: message.secret, hashes: message.hashes, cached: message.cached });
  }

  private deliver(
    request: string,
    outcome: { ok: true; secret: number[]; hashes: number; cached: boolean } | { ok: false; error: string },
  ): void {
    const pending = this.pending.get(request);
    if (pending === undefined) return;
    this.pending.delete(request);
    clearTimeout(pending.timer);
    const common = { request, nonce: pending.nonce, zeros: pending.zeros, elapsedMs: performance.now() - pending.startedAt };
    this.answers.push({ ...common, ...outcome });
  }
}

function parseOrUsage<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** The seed's Initialize: a client of the proof-of-work service at `address` (see PowService.address). */
export function connectPow(address: PowAddress, options: PowClientOptions = {}): Promise<PowClient> {
  return PowClient.connect(address, options);
}
