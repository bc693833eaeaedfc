import { type Rng } from '../common/index.js';
import { pickGranted, type BusMessage, type MasterQueueMessage } from '../protocol/index.js';
import { LeaseExpiredError } from './lease-error.js';

/** What the master does to the world; the state machine itself never touches the broker. */
export interface MasterEffects {
  broadcast(message: BusMessage): void;
  reject(where: string, reason: string): void;
  finish(order: number[], protocolMs: number): void;
  fail(error: Error): void;
}

type Phase = 'joining' | 'collecting' | 'awaiting-value' | 'closing' | 'done';

/**
 * The master's protocol as a state machine: joins (the readiness barrier), then per round:
 * collect a request from every active slave, grant one at random, wait for its value under
 * the lease. Requests may run one round ahead (a slave sees the value before the master does).
 */
export class MasterState {
  private phase: Phase = 'joining';
  private round = 0;
  private granted = -1;
  private startedAt = 0;
  private protocolMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly joined = new Set<number>();
  private readonly active = new Set<number>();
  private readonly requests = new Map<number, Set<number>>();
  private readonly order: number[] = [];

  constructor(
    private readonly slaves: number,
    private readonly leaseMs: number,
    private readonly rng: Rng,
    private readonly effects: MasterEffects,
  ) {
    for (let id = 0; id < slaves; id++) this.active.add(id);
  }

  onMasterQueue(message: MasterQueueMessage): void {
    if (message.slave >= this.slaves) {
      this.effects.reject('the master queue', `${message.type} from unknown slave ${message.slave}`);
      return;
    }
    if (message.type === 'join') this.onJoin(message.slave);
    else this.onRequest(message.slave, message.round);
  }

  onBus(message: BusMessage): void {
    // Its own `done` coming back proves the bus delivered it; only then is the master finished.
    if (message.type === 'done' && this.phase === 'closing') {
      this.clearTimer();
      this.phase = 'done';
      this.effects.finish(this.order, this.protocolMs);
      return;
    }
    if (message.type !== 'value') return; // its own start and grants coming back
    if (this.phase !== 'awaiting-value' || message.round !== this.round || message.slave !== this.granted) {
      this.effects.reject('the bus', `value from slave ${message.slave} for round ${message.round} was not granted`);
      return;
    }
    this.clearTimer();
    this.active.delete(message.slave);
    this.requests.delete(this.round);
    this.round++;
    if (this.round === this.slaves) {
      this.phase = 'closing';
      this.effects.broadcast({ type: 'done', rounds: this.slaves });
      this.protocolMs = performance.now() - this.startedAt;
      this.armTimer(() => new LeaseExpiredError(`the bus did not deliver the master's done within ${this.leaseMs} ms`, [], this.round));
      return;
    }
    this.beginCollecting();
  }

  stop(): void {
    this.clearTimer();
  }

  private onJoin(slave: number): void {
    if (this.phase !== 'joining' || this.joined.has(slave)) {
      this.effects.reject('the master queue', `duplicate join from slave ${slave}`);
      return;
    }
    this.joined.add(slave);
    if (this.joined.size < this.slaves) return;
    this.startedAt = performance.now();
    this.effects.broadcast({ type: 'start', slaves: this.slaves });
    this.beginCollecting();
  }

  private onRequest(slave: number, round: number): void {
    const early = this.phase === 'joining';
    if (early || !this.active.has(slave) || round < this.round || round > this.round + 1) {
      this.effects.reject('the master queue', `request from slave ${slave} for round ${round} in round ${this.round}`);
      return;
    }
    let set = this.requests.get(round);
    if (!set) this.requests.set(round, (set = new Set()));
    set.add(slave);
    if (this.phase === 'collecting') this.grantIfComplete();
  }

  private beginCollecting(): void {
    this.phase = 'collecting';
    this.armTimer(() => {
      const have = this.requests.get(this.round) ?? new Set<number>();
      const missing = [...this.active].filter((id) => !have.has(id));
      return new LeaseExpiredError(
        `${describeSlaves(missing)} sent no request for round ${this.round} within the ${this.leaseMs} ms lease`,
        missing,
        this.round,
      );
    });
    this.grantIfComplete();
  }

  private grantIfComplete(): void {
    const requesters = this.requests.get(this.round);
    if (!requesters || requesters.size < this.active.size) return;
    this.granted = pickGranted(this.rng, requesters);
    this.order.push(this.granted);
    this.phase = 'awaiting-value';
    this.effects.broadcast({ type: 'grant', slave: this.granted, round: this.round });
    const granted = this.granted;
    const round = this.round;
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

function describeSlaves(ids: number[]): string {
  const shown = ids.slice(0, 5).join(', ');
  const more = ids.length > 5 ? ` and ${ids.length - 5} more` : '';
  return ids.length === 1 ? `slave ${shown}` : `slaves ${shown}${more}`;
}
