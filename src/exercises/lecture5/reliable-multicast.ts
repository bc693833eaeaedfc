import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { checkMulticast } from './multicast-check.js';
import { MulticastDevice } from './multicast-device.js';
import { keyOf, multicastFields, multicastOptions, type MulticastPayload } from './multicast-message.js';

/** Rounds a holder waits for a device's copy before it sends the message to it again. */
const RESEND_AFTER = 4;
/** Resends to one device before the holder takes it as crashed and gives up on it. */
const RESENDS = 10;

/** `again`: a resend, which a device that already has the message answers with a copy of its own. */
const ReliableMessage = z.object({ ...multicastFields, again: z.boolean() });
export type ReliableMessage = z.infer<typeof ReliableMessage>;

/** A message this device holds, and the devices it has not yet seen a copy from. */
interface Holding {
  readonly payload: MulticastPayload;
  readonly missing: Set<number>;
  sentAt: number;
  resends: number;
}

/**
 * R-multicast over B-multicast: a device that receives a message for the first time delivers it
 * and, unless it is the origin, B-multicasts it again, so that if any live device delivers it,
 * every live device does, even when the origin crashed half-way through its multicast.
 *
 * That argument assumes reliable channels; under `--drop` they are made reliable without extra
 * messages when nothing is lost: a device's relay is also its acknowledgement to every holder. A
 * holder that has not seen a device's copy after a few rounds sends the message to it again
 * (`again`), and a device that already has it answers with a copy. After a bounded number of
 * resends the holder gives up on that device (it has crashed).
 */
export class ReliableMulticast extends MulticastDevice<ReliableMessage> {
  private readonly held = new Map<string, Holding>();

  protected multicast(payload: MulticastPayload): void {
    // The origin needs its own copy too: it delivers on receipt, like everyone.
    this.hold(payload, this.medium.ids);
    this.relay(payload);
  }

  protected receive(message: ReliableMessage): void {
    const { source, again } = message;
    const key = keyOf(message);
    const held = this.held.get(key);
    if (held) {
      // Only the origin awaits a copy from itself: the first copy back, from anyone, is its delivery.
      if (held.missing.delete(this.index)) this.deliver(held.payload);
      held.missing.delete(source);
      if (again && source !== this.index) this.copyTo(source, held.payload, false);
      return;
    }
    const payload: MulticastPayload = { origin: message.origin, seq: message.seq, content: message.content };
    // Whoever sent it has it; the origin never relays, so no copy is awaited from it.
    this.hold(
      payload,
      this.medium.ids.filter((id) => id !== source && id !== payload.origin && id !== this.index),
    );
    this.deliver(payload);
    if (payload.origin !== this.index) this.relay(payload);
  }

  protected override everyRound(): void {
    for (const holding of this.held.values()) {
      if (holding.missing.size === 0 || this.round - holding.sentAt < RESEND_AFTER) continue;
      if (holding.resends === RESENDS) {
        holding.missing.clear();
        continue;
      }
      holding.resends++;
      holding.sentAt = this.round;
      for (const device of holding.missing) this.copyTo(device, holding.payload, true);
    }
  }

  protected override finished(): boolean {
    return this.deliveredAll && [...this.held.values()].every((holding) => holding.missing.size === 0);
  }

  private hold(payload: MulticastPayload, missing: readonly number[]): void {
    this.held.set(keyOf(payload), { payload, missing: new Set(missing), sentAt: this.round, resends: 0 });
  }

  private relay(payload: MulticastPayload): void {
    this.bMulticast((destination) => ({ type: 'multicast', source: this.index, destination, ...payload, again: false }));
  }

  private copyTo(destination: number, payload: MulticastPayload, again: boolean): void {
    this.medium.send({ type: 'multicast', source: this.index, destination, ...payload, again });
  }
}

export const reliableMulticastAlgorithm: Algorithm = {
  lecture: 5,
  name: 'ReliableMulticast',
  summary: 'R-multicast: re-multicast on first receipt; lost copies sent again until relayed back (--drop)',
  minDevices: 2,
  messages: ReliableMessage,
  parseCopies: true,
  options: multicastOptions,
  create: fromClass(ReliableMulticast),
  check: (results, trace, context) => checkMulticast(results, trace, context, { agreement: true }),
};
