import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { checkMulticast } from './multicast-check.js';
import { MulticastDevice } from './multicast-device.js';
import { multicastFields, multicastOptions, type MulticastPayload } from './multicast-message.js';

const BasicMessage = z.object(multicastFields);
export type BasicMessage = z.infer<typeof BasicMessage>;

/**
 * B-multicast: one copy to every device (itself included, as in the seed), delivered on receipt.
 * Nothing more: a lost copy is lost, a duplicated one is delivered twice, and concurrent
 * multicasts arrive in different orders at different devices.
 */
export class BasicMulticast extends MulticastDevice<BasicMessage> {
  protected multicast(payload: MulticastPayload): void {
    this.bMulticast((destination) => ({ type: 'multicast', source: this.index, destination, ...payload }));
  }

  protected receive(message: BasicMessage): void {
    this.deliver(message);
  }
}

export const basicMulticastAlgorithm: Algorithm = {
  lecture: 5,
  name: 'BasicMulticast',
  summary: 'B-multicast: a copy to every device, delivered on receipt (no reliability, no order)',
  minDevices: 2,
  messages: BasicMessage,
  parseCopies: true,
  options: multicastOptions,
  create: fromClass(BasicMulticast),
  check: (results, trace, context) => checkMulticast(results, trace, context, {}),
};
