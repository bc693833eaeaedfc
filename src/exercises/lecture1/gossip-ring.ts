import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { noOptions } from '../options.js';
import { checkGossip } from './gossip-check.js';
import { GossipDevice, GossipMessage } from './gossip-device.js';

/** The two neighbours on a bidirectional ring of n devices (one when n = 2). */
export function ringNeighbours(index: number, n: number): number[] {
  const left = (index - 1 + n) % n;
  const right = (index + 1) % n;
  return left === right ? [left] : [left, right];
}

/**
 * Gossip on a bidirectional ring: a device talks only to its left and right neighbour. It passes
 * on everything it knows whenever it learned something new, and stops once it knows every secret
 * and has passed that on, so its neighbours are sure to learn everything too.
 */
export class GossipRing extends GossipDevice {
  async run(): Promise<void> {
    const neighbours = ringNeighbours(this.index, this.numberOfDevices);
    let news = true;
    for (;;) {
      if (news) {
        for (const neighbour of neighbours) this.tell(neighbour);
        news = false;
        if (this.knowsAll()) return;
      }
      await this.medium.waitForNextRound();
      for (const message of this.medium.receiveAll()) news = this.learn(message) || news;
    }
  }
}

export const gossipRingAlgorithm: Algorithm = {
  lecture: 1,
  name: 'GossipRing',
  summary: 'bidirectional ring: pass everything known to left and right whenever something new arrives',
  minDevices: 2,
  messages: GossipMessage,
  parseCopies: true,
  options: noOptions,
  create: fromClass(GossipRing),
  check: (results, trace) => checkGossip(results, trace, { onlyTo: ringNeighbours }),
};
