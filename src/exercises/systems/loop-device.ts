import { Device } from '../device.js';
import type { Message } from '../message.js';

/** A message without its addresses, per member of a union: what `tell` fills in. */
export type Body<M> = M extends unknown ? Omit<M, 'source' | 'destination'> : never;

/**
 * The seed's server loop: each round, handle every delivered message, then do the round's own
 * work (mine, process a file, time something out), then wait. `stop()` ends the loop after the
 * current round's messages are handled (all of them: a quit never hides a message that came with
 * it). A device that never stops is a server: the run ends when nothing can happen any more.
 */
export abstract class LoopDevice<M extends Message, O extends object> extends Device<M, O> {
  /** Rounds this device has waited: its own clock, for periods and timeouts. */
  protected round = 0;
  private stopped = false;

  async run(): Promise<void> {
    this.start();
    for (;;) {
      for (const message of this.medium.receiveAll()) this.handle(message);
      if (!this.stopped) this.work();
      if (this.stopped) return;
      await this.medium.waitForNextRound();
      this.round++;
    }
  }

  /** Before the first round: what a device does on its own to set the system going. */
  protected start(): void {
    // Most devices wait for a message first.
  }

  protected abstract handle(message: M): void;

  /** After the round's messages: the device's own work. */
  protected work(): void {
    // Most devices only answer messages.
  }

  /** Ends the loop once this round's messages are handled. */
  protected stop(): void {
    this.stopped = true;
  }

  /** Sends `message` from this device to `destination`. */
  protected tell(destination: number, message: Body<M>): void {
    this.medium.send({ ...message, source: this.index, destination } as M);
  }
}
