import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { checkMulticast } from './multicast-check.js';
import { MulticastDevice } from './multicast-device.js';
import { aboutFields, keyOf, multicastFields, multicastOptions, type MulticastPayload } from './multicast-message.js';

/** Rounds a message must be missing before it is NACKed: a reordered message may just be late. */
const NACK_AFTER = 2;
/** Rounds between two NACKs for the same message. */
const NACK_AGAIN = 3;
/** NACKs for one message before the device gives up on it (nobody live has it). */
const NACKS = 20;
/** Rounds without hearing anything after which the messages still owed up to `messages` count as missing. */
const SILENCE = 6;

/** `acks[q]`: how many of q's messages the sender has delivered (the piggybacked acknowledgements). */
const carrying = { ...multicastFields, acks: z.array(z.int().nonnegative()) } as const;
const ReliableIPMessage = z.discriminatedUnion('type', [
  z.object(carrying),
  z.object({ ...carrying, type: z.literal('resend') }),
  z.object({ type: z.literal('nack'), ...aboutFields }),
]);
export type ReliableIPMessage = z.infer<typeof ReliableIPMessage>;

interface Missing {
  readonly since: number;
  nacks: number;
  lastNack: number;
}

/**
 * Reliable multicast over an unreliable (IP) multicast: every message carries its origin's
 * sequence number and the sender's acknowledgements (how many of each device's messages it has
 * delivered); a device delivers each origin's messages in sequence order (so FIFO), holds back
 * those that arrive early, and NACKs a message it knows exists but lacks (a gap in the sequence,
 * or someone's acknowledgement of it); whoever has it resends it. A lost last message leaves no
 * gap, so a device that hears nothing for a while NACKs the messages still owed to it: every
 * device knows how many each device multicasts (`messages`), as it knows the group's size.
 *
 * Nothing is NACKed until it has been missing for two rounds, so a run without faults sends no
 * NACK. A device never knows that the others no longer need its resends, so it keeps serving
 * them, and the run ends at quiescence.
 */
export class ReliableIPMulticast extends MulticastDevice<ReliableIPMessage> {
  /** Per origin: how many of its messages were delivered here (the next seq expected). */
  private readonly next = this.medium.ids.map(() => 0);
  /** Per origin: how many of its messages are known to exist. */
  private readonly known = this.medium.ids.map(() => 0);
  /** Every payload this device has (delivered or held back), to deliver and to resend. */
  private readonly store = new Map<string, MulticastPayload>();
  private readonly missing = new Map<string, Missing>();
  private lastHeard = 0;

  protected multicast(payload: MulticastPayload): void {
    this.store.set(keyOf(payload), payload);
    this.known[this.index] = payload.seq + 1;
    const acks = this.next.map((count, device) => (device === this.index ? payload.seq + 1 : count));
    this.bMulticast((destination) => ({ type: 'multicast', source: this.index, destination, ...payload, acks }));
    // After the sends: the trace shows the multicast before its delivery.
    this.deliverInOrder(this.index);
  }

  protected receive(message: ReliableIPMessage): void {
    this.lastHeard = this.round;
    if (message.type === 'nack') {
      const payload = this.store.get(keyOf(message));
      if (payload) this.medium.send({ type: 'resend', source: this.index, destination: message.source, ...payload, acks: [...this.next] });
      return;
    }
    const { origin, seq, content, acks } = message;
    acks.forEach((count, device) => (this.known[device] = Math.max(this.known[device] ?? 0, count)));
    this.known[origin] = Math.max(this.known[origin] ?? 0, seq + 1);
    const key = keyOf(message);
    if (seq < (this.next[origin] ?? 0) || this.store.has(key)) return;
    this.store.set(key, { origin, seq, content });
    this.missing.delete(key);
    this.deliverInOrder(origin);
  }

  protected override everyRound(): void {
    const silent = this.round - this.lastHeard >= SILENCE;
    for (const origin of this.medium.ids) {
      if (origin === this.index) continue; // its own are delivered as they are multicast
      const owed = Math.max(this.known[origin] ?? 0, silent ? this.options.messages : 0);
      for (let seq = this.next[origin] ?? 0; seq < owed; seq++) {
        const key = keyOf({ origin, seq });
        if (!this.store.has(key)) this.nack(origin, seq, key);
      }
    }
  }

  protected override finished(): boolean {
    return false;
  }

  /** NACKs the origin, then every other device in turn (the origin may have crashed), and again. */
  private nack(origin: number, seq: number, key: string): void {
    let missing = this.missing.get(key);
    if (!missing) this.missing.set(key, (missing = { since: this.round, nacks: 0, lastNack: -Infinity }));
    if (this.round - missing.since < NACK_AFTER || this.round - missing.lastNack < NACK_AGAIN || missing.nacks === NACKS) return;
    const holders = [origin, ...this.medium.ids.filter((id) => id !== this.index && id !== origin)];
    const destination = holders[missing.nacks % holders.length] ?? origin;
    missing.nacks++;
    missing.lastNack = this.round;
    this.medium.send({ type: 'nack', source: this.index, destination, origin, seq });
  }

  private deliverInOrder(origin: number): void {
    for (;;) {
      const payload = this.store.get(keyOf({ origin, seq: this.next[origin] ?? 0 }));
      if (!payload) return;
      this.deliver(payload);
      this.next[origin] = (this.next[origin] ?? 0) + 1;
    }
  }
}

export const reliableIPMulticastAlgorithm: Algorithm = {
  lecture: 5,
  name: 'ReliableIPMulticast',
  summary: 'sequence numbers, piggybacked acks, hold-back and NACKs: reliable and FIFO under --drop',
  minDevices: 2,
  messages: ReliableIPMessage,
  parseCopies: true,
  options: multicastOptions,
  // Longer than any silence a device keeps before it NACKs (SILENCE + NACK_AFTER), short of the default.
  quietRounds: 20,
  create: fromClass(ReliableIPMulticast),
  check: (results, trace, context) => checkMulticast(results, trace, context, { agreement: true, fifo: true }),
};
