import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { checkMutex } from './mutex-check.js';
import { MutexDevice, mutexOptions, mutexQuietRounds } from './mutex-device.js';

/** The seed's MutexMessage: REQUEST, GRANT and RELEASE. */
export const MutexMessage = z.object({ type: z.enum(['request', 'grant', 'release']), ...messageIds });
export type MutexMessage = z.infer<typeof MutexMessage>;

/** The coordinator is fixed at device 0, as in the seed. */
const COORDINATOR = 0;

/**
 * Grants the critical section to one requester at a time, in the order the requests arrived, and
 * enters it never itself. It knows how many releases the requesters owe in all, so it stops once
 * the last one came back (the seed's coordinator loops for ever).
 */
export class Coordinator extends MutexDevice<MutexMessage> {
  protected readonly queue: number[] = [];
  protected granted: number | null = null;
  protected releases = 0;

  protected override quota(): number {
    return 0;
  }

  protected onMessage(message: MutexMessage): void {
    if (message.type === 'request') this.queue.push(message.source);
    if (message.type === 'release' && message.source === this.granted) {
      this.granted = null;
      this.releases++;
    }
  }

  protected override onRound(): void {
    const next = this.granted === null ? this.queue.shift() : undefined;
    if (next === undefined) return;
    this.granted = next;
    this.medium.send({ type: 'grant', source: this.index, destination: next });
  }

  protected onWant(): void {
    // The coordinator has no work of its own.
  }

  protected onLeave(): void {
    // Nor does it ever leave.
  }

  protected finished(): boolean {
    return this.releases === (this.numberOfDevices - 1) * this.options.entries;
  }
}

/** Asks the coordinator, enters on its grant, and gives the critical section back with a release. */
export class Requester extends MutexDevice<MutexMessage> {
  protected onMessage(message: MutexMessage): void {
    if (message.type === 'grant' && this.wanting) this.enter();
  }

  protected onWant(): void {
    this.medium.send({ type: 'request', source: this.index, destination: COORDINATOR });
  }

  protected onLeave(): void {
    this.medium.send({ type: 'release', source: this.index, destination: COORDINATOR });
  }

  protected finished(): boolean {
    return this.ownWorkDone();
  }
}

const requesters = (n: number): number[] => [...Array(n).keys()].filter((device) => device !== COORDINATOR);

export const centralisedAlgorithm: Algorithm = {
  lecture: 4,
  name: 'Centralised',
  summary: 'a coordinator (device 0) grants the critical section to one requester at a time; 3 messages per entry',
  minDevices: 2,
  messages: MutexMessage,
  parseCopies: true,
  options: mutexOptions,
  quietRounds: mutexQuietRounds,
  create: (index, n, medium, options) => (index === COORDINATOR ? fromClass(Coordinator) : fromClass(Requester))(index, n, medium, options),
  check: (results, trace, context) => checkMutex(results, trace, context, { participants: requesters, figure: () => '3' }),
};
