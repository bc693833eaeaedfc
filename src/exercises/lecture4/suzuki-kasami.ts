import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { checkMutex } from './mutex-check.js';
import { MutexDevice, mutexOptions, mutexQuietRounds } from './mutex-device.js';

const count = z.int().nonnegative();

/**
 * A request carries the requester's sequence number (RN); the seed's SKToken carries the queue of
 * devices to serve and LN, how many requests of each device were served, and here also who has
 * made all its entries, so that its last holder knows when it may stop.
 */
export const SuzukiKasamiMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('request'), ...messageIds, stamp: count }),
  z.object({ type: z.literal('token'), ...messageIds, queue: z.array(count), ln: z.array(count), finished: z.array(count) }),
]);
export type SuzukiKasamiMessage = z.infer<typeof SuzukiKasamiMessage>;
type Token = Omit<Extract<SuzukiKasamiMessage, { type: 'token' }>, 'type' | 'source' | 'destination'>;

/**
 * Suzuki and Kasami: whoever holds the token enters without asking (0 messages); anyone else
 * broadcasts its next sequence number and enters when the token comes (n messages). A holder that
 * leaves records the request it served in LN, queues every device with an unserved request
 * (RN[j] = LN[j] + 1) and sends the token to the first. Device 0 starts with it, as in the seed.
 *
 * A device without the token stops once it made its entries: only the holder is ever needed by
 * the others. The holder stops when the token says everyone has finished.
 */
export class SuzukiKasami extends MutexDevice<SuzukiKasamiMessage> {
  protected readonly rn = new Array<number>(this.numberOfDevices).fill(0);
  protected token: Token | null = null;

  protected override onStart(): void {
    if (this.index === 0) this.token = { queue: [], ln: new Array<number>(this.numberOfDevices).fill(0), finished: [] };
  }

  protected onMessage(message: SuzukiKasamiMessage): void {
    if (message.type === 'token') {
      this.token = { queue: message.queue, ln: message.ln, finished: message.finished };
      if (this.wanting) this.enter();
      return;
    }
    const from = message.source;
    this.rn[from] = Math.max(this.rn[from] ?? 0, message.stamp);
    const token = this.token;
    if (token !== null && !this.inside && this.rn[from] === (token.ln[from] ?? 0) + 1) this.pass(from, token);
  }

  protected onWant(): void {
    if (this.token !== null) {
      this.enter();
      return;
    }
    const stamp = (this.rn[this.index] ?? 0) + 1;
    this.rn[this.index] = stamp;
    for (const id of this.medium.ids) {
      if (id !== this.index) this.medium.send({ type: 'request', source: this.index, destination: id, stamp });
    }
  }

  protected onLeave(): void {
    const token = this.token;
    if (token === null) return;
    token.ln[this.index] = this.rn[this.index] ?? 0;
    if (this.ownWorkDone() && !token.finished.includes(this.index)) token.finished.push(this.index);
    for (const id of this.medium.ids) {
      if ((this.rn[id] ?? 0) === (token.ln[id] ?? 0) + 1 && !token.queue.includes(id)) token.queue.push(id);
    }
    const next = token.queue.shift();
    if (next !== undefined) this.pass(next, token);
  }

  protected finished(): boolean {
    if (!this.ownWorkDone()) return false;
    return this.token === null || (this.token.finished.length === this.numberOfDevices && this.token.queue.length === 0);
  }

  private pass(to: number, token: Token): void {
    this.token = null;
    this.medium.send({ type: 'token', source: this.index, destination: to, ...token });
  }
}

export const suzukiKasamiAlgorithm: Algorithm = {
  lecture: 4,
  name: 'SuzukiKasami',
  summary: 'broadcast a sequence number; the token (queue, LN) goes to the oldest unserved request; n or 0 messages per entry',
  minDevices: 2,
  messages: SuzukiKasamiMessage,
  parseCopies: true,
  options: mutexOptions,
  quietRounds: mutexQuietRounds,
  create: fromClass(SuzukiKasami),
  check: (results, trace, context) =>
    checkMutex(results, trace, context, { figure: (n) => `n = ${n} (n-1 requests and the token), or 0 with the token at hand` }),
};
