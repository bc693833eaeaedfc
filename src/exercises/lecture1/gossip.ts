import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { noOptions } from '../options.js';
import { checkGossip } from './gossip-check.js';
import { GossipDevice, GossipMessage } from './gossip-device.js';

/**
 * Gossip on a total graph, the straightforward way: everybody tells everybody else its secret
 * at once, then listens until it knows all. n(n-1) messages, one round.
 */
export class Gossip extends GossipDevice {
  async run(): Promise<void> {
    for (const id of this.medium.ids) if (id !== this.index) this.tell(id);
    while (!this.knowsAll()) {
      await this.medium.waitForNextRound();
      for (const message of this.medium.receiveAll()) this.learn(message);
    }
  }
}

export const gossipAlgorithm: Algorithm = {
  lecture: 1,
  name: 'Gossip',
  summary: 'total graph: every device tells every other its secret; n(n-1) messages, 1 round',
  minDevices: 2,
  messages: GossipMessage,
  parseCopies: true,
  options: noOptions,
  create: fromClass(Gossip),
  check: (results, trace) => checkGossip(results, trace),
};
