import { ProtocolError } from '../common/index.js';
import type { BusMessage, ListEntry, MasterQueueMessage, ValueMessage } from '../protocol/index.js';

/** What a slave does to the world; the state machine itself never touches the broker. */
export interface SlaveEffects {
  /** To the master's direct queue. */
  toMaster(message: MasterQueueMessage): void;
  /** To the bus. */
  broadcast(message: BusMessage): void;
  reject(where: string, reason: string): void;
  finish(list: ListEntry[]): void;
  fail(error: Error): void;
}

/**
 * One slave's protocol: after `start`, request every round while active; write when granted;
 * request the next round as soon as the grant of this one names another slave (it is certain to
 * be active then, and the master collects while the value is in flight: two hops a round, not three);
 * append every value in round order. A value counts only once the grant for its round names
 * its writer, so neither reordering between the master's grant and the writer's value nor a
 * forged value can change the list.
 */
export class SlaveState {
  private started = false;
  private lastRequested = -1;
  private active = true;
  private round = 0;
  private finished = false;
  /** Rounds announced by `done`; it may overtake the last value on a broker cluster. */
  private doneRounds: number | undefined;
  private readonly list: ListEntry[] = [];
  private readonly grants = new Map<number, number>();
  private readonly pending = new Map<number, ValueMessage[]>();

  constructor(
    private readonly id: number,
    private readonly slaves: number,
    private readonly value: number,
    private readonly effects: SlaveEffects,
  ) {}

  /** Called once the bus queue is bound: the readiness barrier. */
  join(): void {
    this.effects.toMaster({ type: 'join', slave: this.id });
  }

  onBus(message: BusMessage): void {
    if (this.finished) return;
    switch (message.type) {
      case 'start':
        this.onStart(message.slaves);
        return;
      case 'grant':
        this.onGrant(message.slave, message.round);
        return;
      case 'value':
        this.onValue(message);
        return;
      case 'done':
        this.onDone(message.rounds);
        return;
      case 'abort':
        this.finished = true;
        this.effects.fail(new ProtocolError(`the master aborted the run: ${message.reason}`));
    }
  }

  private onStart(slaves: number): void {
    if (this.started || slaves !== this.slaves) {
      this.effects.reject('the bus', `start for ${slaves} slaves (expected one start for ${this.slaves})`);
      return;
    }
    this.started = true;
    this.request(0);
  }

  private onGrant(slave: number, round: number): void {
    // A grant may overtake the previous round's value on a broker cluster: keep it for its round.
    if (!this.started || round < this.round || round >= this.slaves || this.grants.has(round) || slave >= this.slaves) {
      this.effects.reject('the bus', `grant of round ${round} to slave ${slave} in round ${this.round}`);
      return;
    }
    this.grants.set(round, slave);
    if (slave !== this.id) this.request(round + 1);
    else {
      if (!this.active) {
        this.effects.fail(new ProtocolError(`slave ${this.id} was granted round ${round} after it had written`));
        return;
      }
      this.active = false;
      this.effects.broadcast({ type: 'value', slave: this.id, round, value: this.value });
    }
    this.applyPending();
  }

  private onValue(message: ValueMessage): void {
    if (message.round < this.round || message.round >= this.slaves) {
      this.effects.reject('the bus', `value for round ${message.round} in round ${this.round}`);
      return;
    }
    const waiting = this.pending.get(message.round);
    if (waiting) waiting.push(message);
    else this.pending.set(message.round, [message]);
    this.applyPending();
  }

  private applyPending(): void {
    for (;;) {
      const writer = this.grants.get(this.round);
      const candidates = this.pending.get(this.round);
      if (writer === undefined || !candidates) return;
      this.pending.delete(this.round);
      const valid = candidates.find((m) => m.slave === writer);
      for (const other of candidates) {
        if (other !== valid)
          this.effects.reject('the bus', `value from slave ${other.slave} for round ${other.round}, granted to ${writer}`);
      }
      if (!valid) return;
      this.list.push({ writer, value: valid.value });
      this.round++;
      this.request(this.round);
      if (this.round === this.doneRounds) this.finishList();
    }
  }

  /** Each round is requested once, and only while this slave has not written. */
  private request(round: number): void {
    if (!this.active || round >= this.slaves || round <= this.lastRequested) return;
    this.lastRequested = round;
    this.effects.toMaster({ type: 'request', slave: this.id, round });
  }

  private finishList(): void {
    this.finished = true;
    this.effects.finish([...this.list]);
  }

  private onDone(rounds: number): void {
    if (rounds !== this.slaves || !this.started || this.doneRounds !== undefined) {
      this.finished = true;
      this.effects.fail(
        new ProtocolError(
          `done after ${rounds} rounds for ${this.slaves} slaves, with slave ${this.id} holding ${this.list.length} values`,
        ),
      );
      return;
    }
    this.doneRounds = rounds;
    if (this.list.length === rounds) this.finishList();
  }
}
