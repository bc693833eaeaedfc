import type { Rng } from '../common/index.js';
import type { Medium, Message } from '../exercises/index.js';
import { noteActiveDevice } from './active-device.js';
import { DeviceCrashed } from './errors.js';
import { copyMarkData, type MessageCopier } from './message-copier.js';

/**
 * The device side of every transport: an inbox that `receive` reads without blocking, and one
 * pending wait at most. Transports differ only in where a sent message and a wait go.
 */
export abstract class InboxMedium implements Medium {
  crashed = false;
  waits = 0;
  private inbox: Message[] = [];
  private head = 0;
  private pending: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(
    readonly index: number,
    readonly ids: readonly number[],
    readonly random: Rng,
    private readonly copy: MessageCopier,
  ) {}

  /** Hands the validated copy to the network. */
  protected abstract transmit(message: Message): void;
  /** Tells the network that this device waits for the next round. */
  protected abstract requestRound(): void;
  /** Hands a validated mark to the network. */
  protected abstract transmitMark(type: string, data: Record<string, unknown> | null): void;

  send(message: Message): void {
    this.assertAlive();
    this.transmit(this.copy(message, this.index));
  }

  mark(type: string, data?: Readonly<Record<string, unknown>>): void {
    this.assertAlive();
    this.transmitMark(type, copyMarkData(data, this.index, type));
  }

  receive(): Message | null {
    this.assertAlive();
    if (this.head === this.inbox.length) return null;
    const message = this.inbox[this.head] ?? null;
    this.head++;
    if (this.head === this.inbox.length) {
      this.inbox = [];
      this.head = 0;
    }
    return message;
  }

  receiveAll(): Message[] {
    this.assertAlive();
    const all = this.head === 0 ? this.inbox : this.inbox.slice(this.head);
    this.inbox = [];
    this.head = 0;
    return all;
  }

  waitForNextRound(): Promise<void> {
    this.assertAlive();
    if (this.pending) {
      throw new Error(
        `device ${this.index} called waitForNextRound() again before the previous call returned (is an \`await\` missing before medium.waitForNextRound()?)`,
      );
    }
    this.waits++;
    const waiting = new Promise<void>((resolve, reject) => {
      this.pending = { resolve, reject };
    });
    this.requestRound();
    return waiting;
  }

  get waiting(): boolean {
    return this.pending !== null;
  }

  /** A message arrived (the transport calls this). */
  accept(message: Message): void {
    this.inbox.push(message);
  }

  /** The next round began (sync) or the device may go on (async). */
  release(): void {
    const pending = this.pending;
    this.pending = null;
    pending?.resolve();
  }

  /** The crash fault: the pending wait and every later call throw DeviceCrashed. */
  crash(): void {
    this.crashed = true;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(new DeviceCrashed(this.index));
  }

  /** Every call of the device's comes here first: a crashed device may do nothing, and a spinning one is named. */
  private assertAlive(): void {
    noteActiveDevice(this.index);
    if (this.crashed) throw new DeviceCrashed(this.index);
  }
}
