import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { checkMulticast } from './multicast-check.js';
import { MulticastDevice } from './multicast-device.js';
import { keyOf, multicastFields, multicastOptions, type MulticastPayload } from './multicast-message.js';

/** `clock[j]`: how many of device j's messages the origin had delivered when it multicast (its own included). */
const COMessage = z.object({ ...multicastFields, clock: z.array(z.int().nonnegative()) });
export type COMessage = z.infer<typeof COMessage>;

/**
 * Causally ordered multicast with vector clocks: a device counts, per device, the messages it has
 * delivered; a multicast carries that vector (its own entry counting the new message); a received
 * message waits in the hold-back queue until it is the next of its origin and everything its origin
 * had delivered before multicasting it has been delivered here. The origin delivers its own
 * message as it multicasts it. The seed also sent itself a copy and waited for that copy, which
 * could never pass the test (its own entry was already counted), and never emptied its queue.
 */
export class COMulticast extends MulticastDevice<COMessage> {
  private readonly clock = this.medium.ids.map(() => 0);
  private readonly received = new Set<string>();
  private holdBack: COMessage[] = [];

  protected multicast(payload: MulticastPayload): void {
    this.clock[this.index] = (this.clock[this.index] ?? 0) + 1;
    const clock = [...this.clock];
    this.bMulticast((destination) => ({ type: 'multicast', source: this.index, destination, ...payload, clock }));
    // After the sends: the trace shows the multicast before its delivery.
    this.deliver(payload);
  }

  protected receive(message: COMessage): void {
    const key = keyOf(message);
    // Its own copy (the seed's B-multicast includes the sender) was delivered at the multicast.
    if (message.origin === this.index || this.received.has(key)) return;
    this.received.add(key);
    this.holdBack.push(message);
    this.deliverReady();
  }

  private deliverReady(): void {
    for (let ready = this.holdBack.find((m) => this.isNext(m)); ready; ready = this.holdBack.find((m) => this.isNext(m))) {
      this.holdBack = this.holdBack.filter((m) => m !== ready);
      this.deliver(ready);
      this.clock[ready.origin] = (this.clock[ready.origin] ?? 0) + 1;
    }
  }

  private isNext({ origin, clock }: COMessage): boolean {
    return clock.every((count, device) =>
      device === origin ? count === (this.clock[device] ?? 0) + 1 : count <= (this.clock[device] ?? 0),
    );
  }
}

export const coMulticastAlgorithm: Algorithm = {
  lecture: 5,
  name: 'COMulticast',
  summary: 'causal order with vector clocks and a hold-back queue',
  minDevices: 2,
  messages: COMessage,
  parseCopies: true,
  options: multicastOptions,
  create: fromClass(COMulticast),
  check: (results, trace, context) => checkMulticast(results, trace, context, { agreement: true, fifo: true, causal: true }),
};
