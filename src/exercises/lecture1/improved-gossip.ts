import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { noOptions } from '../options.js';
import { checkGossip, oneWayOptimum } from './gossip-check.js';
import { GossipDevice, GossipMessage } from './gossip-device.js';

/** Binomial tree rooted at 0: the parent of i clears i's lowest set bit. */
export function treeParent(index: number): number {
  return index & (index - 1);
}

/** The children of i: i + 2^k for every 2^k below i's lowest set bit (every k for the root). */
export function treeChildren(index: number, n: number): number[] {
  const lowest = index === 0 ? Number.MAX_SAFE_INTEGER : index & -index;
  const children: number[] = [];
  for (let step = 1; step < lowest && index + step < n; step *= 2) children.push(index + step);
  return children;
}

/**
 * As few messages as one-way messages allow (2n-2): secrets are gathered up a binomial tree to
 * device 0 (n-1 messages), which then spreads the full set back down the same tree (n-1 more).
 * Each device talks to one partner at a time in the gather, and it takes 2 log2(n) rounds.
 */
export class ImprovedGossip extends GossipDevice {
  async run(): Promise<void> {
    const children = treeChildren(this.index, this.numberOfDevices);
    // By sender, not by count: a duplicated message must not stand in for a child's report.
    const gatheredFrom = new Set<number>();
    let spreadReceived = this.index === 0;
    let toldParent = this.index === 0;
    for (;;) {
      for (const message of this.medium.receiveAll()) {
        this.learn(message);
        if (message.type === 'gather') gatheredFrom.add(message.source);
        else spreadReceived = true;
      }
      const complete = children.every((child) => gatheredFrom.has(child));
      if (complete && !toldParent) {
        this.tell(treeParent(this.index), 'gather');
        toldParent = true;
      }
      if (spreadReceived && complete) {
        for (const child of children) this.tell(child, 'spread');
        return;
      }
      await this.medium.waitForNextRound();
    }
  }
}

export const improvedGossipAlgorithm: Algorithm = {
  lecture: 1,
  name: 'ImprovedGossip',
  summary: 'minimal messages: gather up a binomial tree to device 0, spread back down; 2n-2 messages',
  minDevices: 2,
  messages: GossipMessage,
  parseCopies: true,
  options: noOptions,
  create: fromClass(ImprovedGossip),
  check: (results, trace) => checkGossip(results, trace, { maxMessages: oneWayOptimum }),
};
