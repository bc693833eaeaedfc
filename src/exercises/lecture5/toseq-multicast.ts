import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { checkMulticast } from './multicast-check.js';
import { MulticastDevice } from './multicast-device.js';
import { aboutFields, keyOf, multicastFields, multicastOptions, type MulticastPayload } from './multicast-message.js';

/** The sequencer, as in the seed. */
const SEQUENCER = 0;

const TOSEQMessage = z.discriminatedUnion('type', [
  z.object(multicastFields),
  z.object({ type: z.literal('order'), ...aboutFields, order: z.int().nonnegative() }),
]);
export type TOSEQMessage = z.infer<typeof TOSEQMessage>;

/**
 * Totally ordered FIFO multicast with a sequencer (the seed's TOSEQMulticast, fixed): every device
 * B-multicasts its payloads; device 0 gives each one the next global order number and B-multicasts
 * that order; every device, the sequencer too, delivers in order-number order once it has both the
 * payload and its order. The seed's sequencer numbered messages as they arrived, so two messages of
 * one device that arrived swapped were numbered swapped (total, but not FIFO): here it numbers each
 * device's messages in their sequence order, holding back any that arrive early.
 */
export class TOSEQMulticast extends MulticastDevice<TOSEQMessage> {
  private readonly payloads = new Map<string, MulticastPayload>();
  /** Global order number -> the message it orders. */
  private readonly orders = new Map<number, string>();
  private readonly ordered = new Set<string>();
  private nextDelivery = 0;
  // The sequencer's state: the next number to give, and each device's next seq to number.
  private nextOrder = 0;
  private readonly nextSeq = this.medium.ids.map(() => 0);

  protected multicast(payload: MulticastPayload): void {
    this.bMulticast((destination) => ({ type: 'multicast', source: this.index, destination, ...payload }));
  }

  protected receive(message: TOSEQMessage): void {
    const key = keyOf(message);
    if (message.type === 'order') {
      // A duplicated order names its message again; the first one counts.
      if (this.ordered.has(key) || this.orders.has(message.order)) return;
      this.ordered.add(key);
      this.orders.set(message.order, key);
    } else if (!this.payloads.has(key)) {
      this.payloads.set(key, { origin: message.origin, seq: message.seq, content: message.content });
      if (this.index === SEQUENCER) this.sequence(message.origin);
    }
    this.deliverInOrder();
  }

  /** Numbers the origin's messages that are next in its sequence. */
  private sequence(origin: number): void {
    for (;;) {
      const seq = this.nextSeq[origin] ?? 0;
      if (!this.payloads.has(keyOf({ origin, seq }))) return;
      const order = this.nextOrder++;
      this.nextSeq[origin] = seq + 1;
      this.bMulticast((destination) => ({ type: 'order', source: this.index, destination, origin, seq, order }));
    }
  }

  private deliverInOrder(): void {
    for (;;) {
      const payload = this.payloads.get(this.orders.get(this.nextDelivery) ?? '');
      if (!payload) return;
      this.deliver(payload);
      this.nextDelivery++;
    }
  }
}

export const toseqMulticastAlgorithm: Algorithm = {
  lecture: 5,
  name: 'TOSEQMulticast',
  summary: "total and FIFO order through a sequencer (device 0) that numbers every device's messages in sequence",
  minDevices: 2,
  messages: TOSEQMessage,
  parseCopies: true,
  options: multicastOptions,
  create: fromClass(TOSEQMulticast),
  check: (results, trace, context) => checkMulticast(results, trace, context, { agreement: true, fifo: true, total: true }),
};
