import type { Medium } from '../device.js';
import type { Message } from '../message.js';

/** A message of a round-based algorithm: it names the round it belongs to. */
export type RoundMessage = Message & { readonly round: number };

/**
 * Rounds for the synchronous algorithms of lecture 6, on any network. Messages carry their round;
 * `collect` waits until the round's message from every expected device has arrived, or until
 * `patience` waits have passed; a device still missing then is taken as crashed and never waited
 * for again (its messages still count when they come). In sync, a round's messages all arrive
 * after one wait, so patience 1 is the synchronous model itself: a message missing after the round
 * means a crash. In async the algorithm keeps its rounds by waiting for them, and a slow device
 * can be taken for a crashed one unless patience covers the delays: the seed's question of how
 * a synchronous algorithm fares in an asynchronous network.
 */
export class Rounds<M extends RoundMessage> {
  private readonly pending = new Map<number, M[]>();
  private readonly suspected = new Set<number>();
  private closed = -1;

  constructor(
    private readonly medium: Medium<M>,
    private readonly patience: number,
  ) {}

  /** The first message of `round` from each device that sent one; duplicates and late ones are dropped. */
  async collect(round: number, expected: readonly number[]): Promise<M[]> {
    const from = new Map<number, M>();
    for (let waited = 0; ; waited++) {
      for (const message of this.medium.receiveAll()) {
        if (message.round <= this.closed) continue;
        const early = this.pending.get(message.round);
        if (early) early.push(message);
        else this.pending.set(message.round, [message]);
      }
      for (const message of this.pending.get(round) ?? []) if (!from.has(message.source)) from.set(message.source, message);
      this.pending.delete(round);
      const missing = expected.filter((device) => !from.has(device) && !this.suspected.has(device));
      if (missing.length === 0 || waited >= this.patience) {
        for (const device of missing) this.suspected.add(device);
        this.closed = round;
        return [...from.values()];
      }
      await this.medium.waitForNextRound();
    }
  }
}
