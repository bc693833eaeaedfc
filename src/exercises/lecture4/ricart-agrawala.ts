import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { checkMutex } from './mutex-check.js';
import { MutexDevice, mutexOptions, mutexQuietRounds } from './mutex-device.js';

/** The seed's StampedMessage: a REQUEST or a GRANT with the sender's Lamport time. */
export const StampedMessage = z.object({ type: z.enum(['request', 'grant']), ...messageIds, stamp: z.int().nonnegative() });
export type StampedMessage = z.infer<typeof StampedMessage>;

/**
 * Ricart and Agrawala: ask every other device, enter once all n-1 have granted. A device grants at
 * once unless it is inside, or it wants too and its own request is older (Lamport time, then
 * index); such requests wait until it leaves. 2(n-1) messages per entry.
 *
 * The seed compares the receiver's *current* clock with the request's stamp, which lets a late
 * request jump ahead; here a device compares the stamp of its own request. It stops when it has
 * made its entries and granted every request the others will ever make: each of them asks it
 * exactly `entries` times, so it can count.
 */
export class RicartAgrawala extends MutexDevice<StampedMessage> {
  protected time = 0;
  /** The Lamport time of this device's current request. */
  protected stamp = 0;
  protected grants = 0;
  protected readonly deferred: number[] = [];
  protected readonly requestsFrom = new Array<number>(this.numberOfDevices).fill(0);

  protected onMessage(message: StampedMessage): void {
    this.time = Math.max(this.time, message.stamp) + 1;
    if (message.type === 'grant') {
      this.grants++;
      if (this.wanting && this.grants === this.numberOfDevices - 1) this.enter();
      return;
    }
    const from = message.source;
    this.requestsFrom[from] = (this.requestsFrom[from] ?? 0) + 1;
    if (this.inside || (this.wanting && this.older(message.stamp, from))) this.deferred.push(from);
    else this.grant(from);
  }

  protected onWant(): void {
    this.time++;
    this.stamp = this.time;
    this.grants = 0;
    for (const id of this.medium.ids) {
      if (id !== this.index) this.medium.send({ type: 'request', source: this.index, destination: id, stamp: this.stamp });
    }
  }

  protected onLeave(): void {
    for (const waiting of this.deferred.splice(0)) this.grant(waiting);
  }

  protected finished(): boolean {
    return (
      this.ownWorkDone() &&
      this.deferred.length === 0 &&
      this.requestsFrom.every((count, device) => device === this.index || count === this.options.entries)
    );
  }

  /** Whether this device's own request comes before (stamp, from). */
  protected older(stamp: number, from: number): boolean {
    return this.stamp < stamp || (this.stamp === stamp && this.index < from);
  }

  private grant(to: number): void {
    this.time++;
    this.medium.send({ type: 'grant', source: this.index, destination: to, stamp: this.time });
  }
}

export const ricartAgrawalaAlgorithm: Algorithm = {
  lecture: 4,
  name: 'RicartAgrawala',
  summary: 'ask all n-1 others with a Lamport stamp; enter when all granted; the older request wins; 2(n-1) messages per entry',
  minDevices: 2,
  messages: StampedMessage,
  parseCopies: true,
  options: mutexOptions,
  quietRounds: mutexQuietRounds,
  create: fromClass(RicartAgrawala),
  check: (results, trace, context) => checkMutex(results, trace, context, { figure: (n) => `2(n-1) = ${2 * (n - 1)}` }),
};
