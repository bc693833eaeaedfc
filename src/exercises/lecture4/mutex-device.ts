import { z } from 'zod';
import { Device } from '../device.js';
import type { Message } from '../message.js';
import { intOption } from '../options.js';

/** `--option entries=N`: how often each device enters the critical section. */
export const entriesOption = intOption('how many times each device enters the critical section', { min: 1, max: 100, fallback: 2 });

export const mutexOptions = z.strictObject({ entries: entriesOption });
export type MutexOptions = z.infer<typeof mutexOptions>;

/** Idle devices wait up to n rounds for work, so the engine must not take n quiet rounds for the end. */
export const mutexQuietRounds = (_options: unknown, devices: number): number => devices + 50;

/** What every mutual-exclusion device returns; the checker compares it with the trace. */
export interface MutexResult {
  readonly entries: number;
}

/**
 * The seed's WorkerDevice, made observable and finite. Work arrives at random moments until the
 * device has entered `entries` times: 0 to n rounds after the device was last idle, drawn from
 * its seeded stream (the seed draws a 1 in n+1 chance each round, which has no bound: a run whose
 * devices all sit idle for long would look finished to the engine). The critical section then
 * lasts 1 to 4 rounds, as the seed's `do_work()`. Requesting, entering and leaving are marks (`request`, `enter`, `leave`), so the
 * engine sees them in its global order and the checker needs no device's own bookkeeping.
 *
 * Each round: handle what arrived (a protocol may `enter()` there), leave when the work is done,
 * maybe get new work (`onWant`), then `onRound`; the device returns once `finished()` says that
 * nobody needs it any more.
 */
export abstract class MutexDevice<M extends Message, O extends MutexOptions = MutexOptions> extends Device<M, O> {
  /** Entries completed (entered and left). */
  protected completed = 0;
  /** Work arrived, the critical section not entered yet. */
  protected wanting = false;
  protected inside = false;
  /** Rounds this device has waited: its own clock for the length of a critical section. */
  protected rounds = 0;
  private leaveAt = 0;
  /** When the next work arrives (drawn when the device becomes idle). */
  private workAt: number | undefined;

  async run(): Promise<void> {
    this.onStart();
    for (;;) {
      for (const message of this.medium.receiveAll()) this.onMessage(message);
      if (this.inside && this.rounds >= this.leaveAt) this.leave();
      if (!this.inside && !this.wanting && this.completed < this.quota() && this.workArrives()) {
        this.wanting = true;
        this.medium.mark('request', { entry: this.completed + 1 });
        this.onWant();
      }
      this.onRound();
      if (this.finished()) return;
      await this.medium.waitForNextRound();
      this.rounds++;
    }
  }

  override result(): MutexResult {
    return { entries: this.completed };
  }

  /** How many entries this device makes (a coordinator makes none). */
  protected quota(): number {
    return this.options.entries;
  }

  /** Every entry done and left. */
  protected ownWorkDone(): boolean {
    return this.completed >= this.quota() && !this.inside && !this.wanting;
  }

  /** The protocol grants access: the critical section begins and lasts 1 to 4 rounds. */
  protected enter(): void {
    this.wanting = false;
    this.inside = true;
    this.leaveAt = this.rounds + this.medium.random.int(1, 4);
    this.medium.mark('enter', { entry: this.completed + 1 });
  }

  protected onStart(): void {
    // Most protocols need nothing before the first round.
  }

  protected onRound(): void {
    // Token protocols move their token here.
  }

  protected abstract onMessage(message: M): void;
  /** Work arrived: ask for access (or enter at once when the protocol allows). */
  protected abstract onWant(): void;
  /** The critical section is over: let the others in. */
  protected abstract onLeave(): void;
  /** Nobody can need this device any more. */
  protected abstract finished(): boolean;

  private workArrives(): boolean {
    this.workAt ??= this.rounds + this.medium.random.int(0, this.numberOfDevices);
    if (this.rounds < this.workAt) return false;
    this.workAt = undefined;
    return true;
  }

  private leave(): void {
    this.inside = false;
    this.completed++;
    this.medium.mark('leave', { entry: this.completed });
    this.onLeave();
  }
}
