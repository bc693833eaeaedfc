import { deferred, timedOut, type Deferred } from '../common/index.js';
import { LockLostError } from './errors.js';
import type { MessageOf } from './messages.js';
import type { NodePort } from './port.js';
import { waitFor } from './wait-for.js';

export interface LockOptions {
  /** Default: 60 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

interface Token {
  /** LN: the number of the last request of each node that was served. */
  readonly ln: Record<string, number>;
  /** Nodes waiting for the token, in order. */
  readonly queue: string[];
  /** How often it moved: a node believes the holder named by the highest count it heard of. */
  moves: number;
}

/**
 * Suzuki-Kasami's token lock, the seed's one global mutex. A node that wants the lock broadcasts
 * its request number; the holder, once it is out of its critical section, sends the token to a
 * node with an unserved request (the token's queue first). The token is born once per cluster: the
 * broker takes one message ever on the genesis queue (at most one, the rest refused), and the node
 * whose offer it took creates the token. Every move is announced with a count, so every node knows
 * the holder; a holder that fails takes the token with it, which is reported (`token-lost`) and
 * fails every wait for the lock, instead of waiting forever.
 */
export class TokenLock {
  private readonly rn = new Map<string, number>();
  private token: Token | undefined;
  private holding = false;
  /** A local caller owns the lock or is acquiring it; others wait their turn in `turns`. */
  private busy = false;
  private readonly turns: Deferred<undefined>[] = [];
  private waiting: Deferred<undefined> | undefined;
  private holder: { id: string; moves: number } | undefined;
  private lostWith: string | undefined;

  constructor(private readonly port: NodePort) {}

  /** Who holds the token, as far as this node knows, for introductions. */
  knownHolder(): { id: string; moves: number } | undefined {
    return this.holder;
  }

  get held(): boolean {
    return this.holding;
  }

  /** Offers the cluster's one genesis message: the node whose offer the broker took creates the token. */
  async claimGenesis(expiresMs: number): Promise<void> {
    const queue = this.port.names.genesis;
    await this.refreshGenesis(expiresMs);
    if (await this.port.connection.offer(queue, { type: 'genesis', from: this.port.id })) {
      this.token = { ln: {}, queue: [], moves: 0 };
      this.holder = { id: this.port.id, moves: 0 };
      this.port.log.debug('created the lock token');
    }
  }

  /** Declaring the genesis queue again keeps it from expiring while the cluster lives. */
  async refreshGenesis(expiresMs: number): Promise<void> {
    await this.port.connection.declareQueue(this.port.names.genesis, expiresMs, {
      'x-max-length': 1,
      'x-overflow': 'reject-publish',
    });
  }

  async lock(options: LockOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    const expired = (): Error => timedOut(`lock on node ${this.port.id}`, timeoutMs, this.describeWait());
    if (this.busy) {
      const turn = deferred<undefined>({ quiet: true });
      this.turns.push(turn);
      try {
        await waitFor(turn.promise, timeoutMs, options.signal, expired);
      } catch (error) {
        // A turn handed over as this wait gave up must go on to the next caller.
        const at = this.turns.indexOf(turn);
        if (at >= 0) this.turns.splice(at, 1);
        else this.nextTurn();
        throw error;
      }
    }
    this.busy = true;
    try {
      await this.acquire(timeoutMs, options.signal, expired);
    } catch (error) {
      this.nextTurn();
      throw error;
    }
  }

  unlock(): void {
    if (!this.holding) throw new LockLostError(`node ${this.port.id} does not hold the lock`);
    this.holding = false;
    this.release();
    this.nextTurn();
  }

  onRequest(message: MessageOf<'lock-request'>): void {
    if (message.from === this.port.id) return;
    this.rn.set(message.from, Math.max(this.rn.get(message.from) ?? 0, message.n));
    if (this.token && !this.holding && !this.waiting) this.release();
  }

  onToken(message: MessageOf<'token'>): void {
    if (message.to !== this.port.id) return;
    this.token = { ln: { ...message.ln }, queue: [...message.queue], moves: message.moves };
    this.noteHolder(this.port.id, message.moves);
    if (this.waiting) {
      this.holding = true;
      this.waiting.resolve(undefined);
    } else {
      this.release();
    }
  }

  onMoved(message: MessageOf<'token-moved'>): void {
    this.noteHolder(message.holder, message.moves);
  }

  noteHolder(id: string, moves: number): void {
    if (this.holder && this.holder.moves > moves) return;
    this.holder = { id, moves };
    if (this.lostWith !== undefined) this.lostWith = undefined;
  }

  /** A peer failed or left: skip it in the token's queue; if it held the token, the token is lost. */
  onPeerGone(id: string, failed: boolean): void {
    if (this.token) {
      const at = this.token.queue.indexOf(id);
      if (at >= 0) this.token.queue.splice(at, 1);
    }
    if (!failed || this.holder?.id !== id || this.token) return;
    this.lostWith = id;
    const node = this.port.members.get(id);
    if (node) this.port.members.emit('token-lost', node);
    this.waiting?.reject(new LockLostError(`the lock's token was lost: its holder ${node?.name ?? id} (${id}) failed`));
  }

  /** Leaving: a token this node holds goes to a waiting node, else to any live one, so that it survives. */
  handOver(): void {
    this.holding = false;
    if (!this.token) return;
    this.release();
    // release() sent it on if a node was waiting; if none was, any live node inherits it.
    const heir = this.port.members.peers()[0];
    if (heir) this.sendToken(heir.id);
  }

  private async acquire(timeoutMs: number, signal: AbortSignal | undefined, expired: () => Error): Promise<void> {
    if (this.lostWith !== undefined)
      throw new LockLostError(`the lock's token was lost with node ${this.lostWith}, which failed while holding it`);
    if (this.token) {
      this.holding = true;
      return;
    }
    const n = (this.rn.get(this.port.id) ?? 0) + 1;
    this.rn.set(this.port.id, n);
    const waiting = deferred<undefined>({ quiet: true });
    this.waiting = waiting;
    try {
      this.port.broadcast({ type: 'lock-request', from: this.port.id, n });
      await waitFor(waiting.promise, timeoutMs, signal, expired);
    } finally {
      this.waiting = undefined;
    }
  }

  /** Suzuki-Kasami's release: this node's request is served; the token goes to the next waiting node, if any. */
  private release(): void {
    const token = this.token;
    if (!token || this.holding) return;
    token.ln[this.port.id] = this.rn.get(this.port.id) ?? 0;
    for (const [id, n] of this.rn) {
      if (id !== this.port.id && n === (token.ln[id] ?? 0) + 1 && !token.queue.includes(id)) token.queue.push(id);
    }
    while (token.queue.length > 0) {
      const next = token.queue.shift();
      if (next !== undefined && this.port.members.isAlive(next)) {
        this.sendToken(next);
        return;
      }
    }
  }

  private sendToken(to: string): void {
    const token = this.token;
    if (!token) return;
    this.token = undefined;
    const moves = token.moves + 1;
    this.noteHolder(to, moves);
    // Announced first, so that no node hears of a holder older than the one it may ask.
    this.port.broadcast({ type: 'token-moved', from: this.port.id, holder: to, moves });
    this.port.send(to, { type: 'token', from: this.port.id, to, ln: token.ln, queue: token.queue, moves });
  }

  private nextTurn(): void {
    const next = this.turns.shift();
    if (next) next.resolve(undefined);
    else this.busy = false;
  }

  private describeWait(): string {
    const holder = this.holder ? `the token was last with ${this.holder.id}` : 'no holder known';
    return `${holder}; ${this.turns.length} more local callers waiting`;
  }
}
