import { Device } from '../device.js';
import type { Message } from '../message.js';
import { keyOf, type MulticastOptions, type MulticastPayload } from './multicast-message.js';

/** The longest pause, in rounds, between two of a device's multicasts (the seed waits 0.1-3 s). */
const MAX_PAUSE = 2;

/**
 * The application and the run loop every multicast algorithm shares. Device i multicasts
 * `messages` payloads, each after a seeded pause of 0-2 rounds, so that multicasts are concurrent
 * and some are sent after others were delivered (causally related); every delivery to the
 * application is marked (`deliver`), which is what the checkers read. An algorithm says what a
 * multicast sends, what a received message does, what its timers do each round, and when it has
 * nothing left to do; until then the device waits, and quiescence ends a run that cannot finish.
 */
export abstract class MulticastDevice<M extends Message> extends Device<M, MulticastOptions> {
  /** Rounds (waits) so far: the clock of the algorithms' timeouts. */
  protected round = 0;
  private multicasts = 0;
  private readonly delivered: string[] = [];

  async run(): Promise<void> {
    let pause = this.medium.random.int(0, MAX_PAUSE);
    for (;;) {
      for (const message of this.medium.receiveAll()) this.receive(message);
      this.everyRound();
      if (this.multicasts < this.options.messages && pause-- === 0) {
        this.multicast({ origin: this.index, seq: this.multicasts++, content: this.medium.random.int(0, 1000) });
        pause = this.medium.random.int(0, MAX_PAUSE);
      }
      if (this.multicasts === this.options.messages && this.finished()) return;
      await this.medium.waitForNextRound();
      this.round++;
    }
  }

  /** The application multicasts a payload (its seq numbers this device's multicasts from 0). */
  protected abstract multicast(payload: MulticastPayload): void;
  /** A message arrived from the network. */
  protected abstract receive(message: M): void;
  /** Timers, once per round after the inbox was read. */
  protected everyRound(): void {}
  /** Nothing is left to do (checked once this device has multicast everything). */
  protected finished(): boolean {
    return this.deliveredAll;
  }

  /** Hands a payload to the application: marked in the trace, in the engine's order. */
  protected deliver({ origin, seq, content }: MulticastPayload): void {
    this.medium.mark('deliver', { origin, seq, content });
    this.delivered.push(keyOf({ origin, seq }));
  }

  /** Every device's every message has been delivered here. */
  protected get deliveredAll(): boolean {
    return this.delivered.length === this.numberOfDevices * this.options.messages;
  }

  /** The seed's B-multicast: one copy to every device, this one included. */
  protected bMulticast(message: (destination: number) => M): void {
    for (const destination of this.medium.ids) this.medium.send(message(destination));
  }

  override result(): { multicast: number; delivered: string[] } {
    return { multicast: this.multicasts, delivered: this.delivered };
  }
}
