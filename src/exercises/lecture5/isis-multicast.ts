import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { checkMulticast } from './multicast-check.js';
import { MulticastDevice } from './multicast-device.js';
import { aboutFields, keyOf, multicastFields, multicastOptions, type MulticastPayload } from './multicast-message.js';

const ranked = { ...aboutFields, proposer: z.int().nonnegative() } as const;
const ISISMessage = z.discriminatedUnion('type', [
  z.object(multicastFields),
  z.object({ type: z.literal('vote'), ...ranked, proposal: z.int().nonnegative() }),
  z.object({ type: z.literal('order'), ...ranked, order: z.int().nonnegative() }),
]);
export type ISISMessage = z.infer<typeof ISISMessage>;

/** A place in the total order: a number, and the device that proposed it, which breaks ties. */
export interface Priority {
  readonly order: number;
  readonly proposer: number;
}

interface Held {
  readonly payload: MulticastPayload;
  priority: Priority;
  agreed: boolean;
}

/**
 * ISIS total order: a device that receives a message proposes a number one above any it has
 * proposed or seen agreed, holds the message back under that number and votes it to the origin;
 * the origin takes the largest vote as the agreed number and B-multicasts it; a device delivers
 * the message at the head of its hold-back queue (smallest number) once that number is agreed.
 *
 * Two devices can propose the same number, so two messages can be agreed on the same number: the
 * seed then ordered them by arrival, which differs between devices. Here a number travels with its
 * proposer, and (number, proposer) pairs are compared, so no two messages share a place.
 */
export class ISISMulticast extends MulticastDevice<ISISMessage> {
  /** The largest number proposed here, and the largest agreed number seen. */
  private proposed = -1;
  private agreed = -1;
  private readonly received = new Set<string>();
  private readonly holdBack = new Map<string, Held>();
  /** For this device's own messages: the votes so far, by voter. */
  private readonly votes = new Map<string, Map<number, Priority>>();

  protected multicast(payload: MulticastPayload): void {
    this.votes.set(keyOf(payload), new Map());
    this.bMulticast((destination) => ({ type: 'multicast', source: this.index, destination, ...payload }));
  }

  protected receive(message: ISISMessage): void {
    const key = keyOf(message);
    const { origin, seq } = message;
    switch (message.type) {
      case 'multicast': {
        if (this.received.has(key)) return;
        this.received.add(key);
        this.proposed = Math.max(this.proposed, this.agreed) + 1;
        const priority = { order: this.proposed, proposer: this.index };
        this.holdBack.set(key, { payload: { origin, seq, content: message.content }, priority, agreed: false });
        this.medium.send({
          type: 'vote',
          source: this.index,
          destination: origin,
          origin,
          seq,
          proposal: priority.order,
          proposer: priority.proposer,
        });
        return;
      }
      case 'vote': {
        const votes = this.votes.get(key);
        if (!votes || votes.has(message.source) || votes.size === this.numberOfDevices) return;
        votes.set(message.source, { order: message.proposal, proposer: message.proposer });
        if (votes.size < this.numberOfDevices) return;
        const { order, proposer } = [...votes.values()].reduce((best, vote) => (this.precedes(best, vote) ? vote : best));
        this.bMulticast((destination) => ({ type: 'order', source: this.index, destination, origin, seq, order, proposer }));
        return;
      }
      case 'order': {
        const held = this.holdBack.get(key);
        if (!held || held.agreed) return;
        held.priority = { order: message.order, proposer: message.proposer };
        held.agreed = true;
        this.agreed = Math.max(this.agreed, message.order);
        this.deliverReady();
      }
    }
  }

  /** Whether `a` comes before `b` in the total order. */
  protected precedes(a: Priority, b: Priority): boolean {
    return a.order < b.order || (a.order === b.order && a.proposer < b.proposer);
  }

  /** Delivers from the head of the hold-back queue while the head's number is agreed. */
  private deliverReady(): void {
    for (;;) {
      let head: [string, Held] | undefined;
      for (const entry of this.holdBack) if (!head || this.precedes(entry[1].priority, head[1].priority)) head = entry;
      if (!head?.[1].agreed) return;
      this.holdBack.delete(head[0]);
      this.deliver(head[1].payload);
    }
  }
}

export const isisMulticastAlgorithm: Algorithm = {
  lecture: 5,
  name: 'ISISMulticast',
  summary: 'ISIS total order: proposals, the largest agreed, hold-back; ties broken by the proposer',
  minDevices: 2,
  messages: ISISMessage,
  parseCopies: true,
  options: multicastOptions,
  create: fromClass(ISISMulticast),
  check: (results, trace, context) => checkMulticast(results, trace, context, { agreement: true, total: true }),
};
