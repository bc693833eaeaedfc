import { type Rng } from '../common/index.js';
import { pickGranted, type BusMessage, type GrantMessage, type MasterQueueMessage, type ValueMessage } from '../protocol/index.js';
import { LeaseExpiredError } from './lease-error.js';

/** What the master does to the world; the state machine itself never touches the broker. */
export interface MasterEffects {
  broadcast(message: BusMessage): void;
  /** To the granted slave's own queue, and nobody else's. */
  grant(message: GrantMessage): void;
  reject(where: string, reason: string): void;
  finish(order: number[], protocolMs: number): void;
  fail(error: Error): void;
}

type Phase = 'joining' | 'awaiting-value' | 'closing' | 'done';

/**
 * The master's protocol as a state machine: joins (the readiness barrier; a join is also the
 * slave's standing request to write), then per round: grant one slave that has not written, at
 * random, and wait for its value (sent to the master's own queue) under the lease; grant the next
 * round, then relay the value to the bus; then `done` with the grant order. Two sequential hops a
 * round (grant, value); the relay's N deliveries overlap the next round; no message per round from
 * the slaves that are not granted.
 */
export class MasterState {
  private phase: Phase = 'joining';
  private round = 0;
  private granted = -1;
  private startedAt = 0;
  private protocolMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly joined = new Set<number>();
  /** Joined and not yet granted: every one of them stands as a requester. */
  private readonly waiting = new Set<number>();
  private readonly order: number[] = [];

  constructor(
    private readonly slaves: number,
    private readonly leaseMs: number,
    private readonly rng: Rng,
    private readonly effects: MasterEffects,
  ) {}

  onMasterQueue(message: MasterQueueMessage): void {
    if (message.type === 'value') {
      this.onValue(message);
      return;
    }
    const { slave } = message;
    if (slave >= this.slaves) {
      this.effects.reject('the master queue', `join from unknown slave ${slave}`);
      return;
    }
    if (this.phase !== 'joining' || this.joined.has(slave)) {
      this.effects.reject('the master queue', `duplicate join from slave ${slave}`);
      return;
    }
    this.joined.add(slave);
    this.waiting.add(slave);
    if (this.joined.size < this.slaves) return;
    this.startedAt = performance.now();
    this.effects.broadcast({ type: 'start', slaves: this.slaves });
    this.grantNext();
  }

  /** Its own messages coming back: its `done` proves the bus delivered it; only then is it finished. */
  onBus(message: BusMessage): void {
    if (message.type !== 'done' || this.phase !== 'closing') return;
    this.clearTimer();
    // Until everything it relayed is through the bus to its own queue, as to every slave's.
    this.protocolMs = performance.now() - this.startedAt;
    this.phase = 'done';
    this.effects.finish(this.order, this.protocolMs);
  }

  private onValue(message: ValueMessage): void {
    if (this.phase !== 'awaiting-value' || message.round !== this.round || message.slave !== this.granted) {
      this.effects.reject('the master queue', `value from slave ${message.slave} for round ${message.round} was not granted`);
      return;
    }
    this.clearTimer();
    this.round++;
    if (this.round < this.slaves) {
      // The grant first: the next writer does not wait for this value's fanout to reach its queue.
      this.grantNext();
      this.effects.broadcast(message);
      return;
    }
    this.effects.broadcast(message);
    this.phase = 'closing';
    this.effects.broadcast({ type: 'done', rounds: this.slaves, order: [...this.order] });
    this.armTimer(() => new LeaseExpiredError(`the bus did not deliver the master's done within ${this.leaseMs} ms`, [], this.round));
  }

  stop(): void {
    this.clearTimer();
  }

  private grantNext(): void {
    const granted = pickGranted(this.rng, this.waiting);
    const round = this.round;
    this.waiting.delete(granted);
    this.granted = granted;
    this.order.push(granted);
    this.phase = 'awaiting-value';
    this.effects.grant({ type: 'grant', slave: granted, round });
    this.armTimer(
      () =>
        new LeaseExpiredError(
          `slave ${granted} was granted round ${round} but wrote no value within the ${this.leaseMs} ms lease`,
          [granted],
          round,
        ),
    );
  }

  private armTimer(error: () => LeaseExpiredError): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.phase = 'done';
      this.effects.fail(error());
    }, this.leaseMs);
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
