import { ProtocolError } from '../common/index.js';
import type { ListEntry, MasterQueueMessage, SlaveQueueMessage, ValueMessage } from '../protocol/index.js';

/** What a slave does to the world; the state machine itself never touches the broker. */
export interface SlaveEffects {
  /** To the master's direct queue. */
  toMaster(message: MasterQueueMessage): void;
  reject(where: string, reason: string): void;
  finish(list: ListEntry[]): void;
  fail(error: Error): void;
}

/**
 * One slave's protocol: join once (a standing request), write once when granted (to the master,
 * at once: the value carries its round, so it need not wait for the values before it), and place
 * every value the master relays in its round. Everything on its queue comes from the master (the
 * transport authenticates senders), and the `done` carries the grant order: the list counts only
 * if its writers match it.
 */
export class SlaveState {
  private written: number | undefined;
  private finished = false;
  /** The next round to place: the list's length. */
  private round = 0;
  private order: readonly number[] | undefined;
  private readonly list: ListEntry[] = [];
  /** Values that arrived before the ones of earlier rounds, by round. */
  private readonly pending = new Map<number, ValueMessage>();
  /** Every writer placed or pending: nobody writes twice. */
  private readonly writers = new Set<number>();

  constructor(
    private readonly id: number,
    private readonly slaves: number,
    private readonly value: number,
    private readonly effects: SlaveEffects,
  ) {}

  /** Called once its queue is bound: the readiness barrier, and its request to write. */
  join(): void {
    this.effects.toMaster({ type: 'join', slave: this.id });
  }

  onMessage(message: SlaveQueueMessage): void {
    if (this.finished) return;
    switch (message.type) {
      case 'start':
        if (message.slaves !== this.slaves) this.fail(`start for ${message.slaves} slaves, expected ${this.slaves}`);
        return;
      case 'grant':
        this.onGrant(message.slave, message.round);
        return;
      case 'value':
        this.onValue(message);
        return;
      case 'done':
        this.onDone(message.rounds, message.order);
        return;
      case 'abort':
        this.fail(`the master aborted the run: ${message.reason}`);
    }
  }

  private onGrant(slave: number, round: number): void {
    // A round already taken by another writer's value is the master's to judge (at `done`), not ours.
    if (slave !== this.id || round >= this.slaves) {
      this.effects.reject('its queue', `grant of round ${round} to slave ${slave}, in round ${this.round}`);
      return;
    }
    if (this.written === round) return; // the same grant twice: it changes nothing
    if (this.written !== undefined) {
      this.fail(`slave ${this.id} was granted round ${round} after it had written round ${this.written}`);
      return;
    }
    this.written = round;
    this.effects.toMaster({ type: 'value', slave: this.id, round, value: this.value });
  }

  private onValue(message: ValueMessage): void {
    const { round, slave } = message;
    const held = this.pending.get(round);
    if (held && held.slave === slave && held.value === message.value) return; // a duplicate
    if (round < this.round || round >= this.slaves || held || this.writers.has(slave)) {
      this.effects.reject('its queue', `value from slave ${slave} for round ${round}, in round ${this.round}`);
      return;
    }
    this.writers.add(slave);
    this.pending.set(round, message);
    for (let next = this.pending.get(this.round); next; next = this.pending.get(this.round)) {
      this.pending.delete(this.round);
      this.list.push({ writer: next.slave, value: next.value });
      this.round++;
    }
    this.finishIfComplete();
  }

  private onDone(rounds: number, order: readonly number[]): void {
    if (this.order !== undefined && rounds === this.order.length && order.every((slave, i) => slave === this.order?.[i])) return; // a copy
    if (rounds !== this.slaves || order.length !== rounds || this.order !== undefined) {
      this.fail(`done after ${rounds} rounds (${order.length} grants) for ${this.slaves} slaves, with ${this.list.length} values placed`);
      return;
    }
    // `done` may overtake the last value on a broker cluster: the list is checked once complete.
    this.order = order;
    this.finishIfComplete();
  }

  private finishIfComplete(): void {
    if (this.order === undefined || this.list.length < this.slaves) return;
    const wrong = this.list.findIndex((entry, round) => entry.writer !== this.order?.[round]);
    if (wrong >= 0) {
      this.fail(
        `round ${wrong} holds a value of slave ${this.list[wrong]?.writer ?? '?'}, but the master granted it to slave ${this.order[wrong] ?? '?'}`,
      );
      return;
    }
    this.finished = true;
    this.effects.finish([...this.list]);
  }

  private fail(reason: string): void {
    this.finished = true;
    this.effects.fail(new ProtocolError(reason));
  }
}
