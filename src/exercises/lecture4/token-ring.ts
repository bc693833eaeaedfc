import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { ringNext } from '../ring.js';
import { checkMutex } from './mutex-check.js';
import { MutexDevice, mutexOptions, mutexQuietRounds } from './mutex-device.js';

/**
 * The token (the seed's GRANT), with what the ring needs to stop: the devices that made all their
 * entries, and once that is everyone, the device that began the token's last lap.
 */
export const TokenMessage = z.object({
  type: z.literal('token'),
  ...messageIds,
  finished: z.array(z.int().nonnegative()),
  closing: z.int().nonnegative().nullable(),
});
export type TokenMessage = z.infer<typeof TokenMessage>;

/**
 * The seed's token ring: device 0 starts with the token; whoever holds it enters if it has work,
 * then passes it to the next device. The seed's ring passes the token for ever; here the token
 * collects who has finished, and when that is everyone, it makes one last lap that tells each
 * device to stop (n-1 more messages).
 */
export class TokenRing extends MutexDevice<TokenMessage> {
  protected token: Pick<TokenMessage, 'finished' | 'closing'> | null = null;
  private stopped = false;
  /** Just left: the token moves on before this device may enter again (as in the seed). */
  private leaving = false;

  protected override onStart(): void {
    if (this.index === 0) this.token = { finished: [], closing: null };
  }

  protected onMessage(message: TokenMessage): void {
    this.token = { finished: message.finished, closing: message.closing };
  }

  protected onWant(): void {
    // The token will come round.
  }

  protected onLeave(): void {
    this.leaving = true;
  }

  protected override onRound(): void {
    const token = this.token;
    if (token === null || this.inside) return;
    const next = ringNext(this.index, this.numberOfDevices) ?? this.index;
    if (token.closing !== null) {
      if (next !== token.closing) this.pass(next, token);
      this.stopped = true;
      return;
    }
    if (this.wanting && !this.leaving) {
      this.enter();
      return;
    }
    const finished = this.ownWorkDone() && !token.finished.includes(this.index) ? [...token.finished, this.index] : token.finished;
    const closing = finished.length === this.numberOfDevices ? this.index : null;
    this.pass(next, { finished, closing });
    if (closing !== null) this.stopped = true;
  }

  protected finished(): boolean {
    return this.stopped;
  }

  private pass(next: number, token: Pick<TokenMessage, 'finished' | 'closing'>): void {
    this.token = null;
    this.leaving = false;
    this.medium.send({ type: 'token', source: this.index, destination: next, ...token });
  }
}

export const tokenRingAlgorithm: Algorithm = {
  lecture: 4,
  name: 'TokenRing',
  summary: 'a token circulates 0 -> 1 -> ... -> n-1 -> 0; its holder may enter; a last lap stops the ring',
  minDevices: 2,
  messages: TokenMessage,
  parseCopies: true,
  options: mutexOptions,
  quietRounds: mutexQuietRounds,
  create: fromClass(TokenRing),
  check: (results, trace, context) =>
    checkMutex(results, trace, context, { figure: () => 'from 1 to unbounded: the token moves even when nobody wants it' }),
};
