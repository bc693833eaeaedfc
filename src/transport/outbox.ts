import type { Options } from 'amqplib';

/** A message published and not yet confirmed by the broker. */
export interface Outgoing {
  readonly exchange: string;
  readonly routingKey: string;
  readonly body: Buffer;
  readonly options: Options.Publish;
}

/**
 * Every publish until the broker confirms it: `flush()` waits for the outbox to empty, and a
 * connection that reconnects to another node sends again what was not confirmed (receivers
 * recognize the copies by their message ids). Insertion order is publish order, so a resend keeps it.
 */
export class Outbox {
  private readonly pending = new Map<number, Outgoing>();
  private next = 0;
  private waiters: (() => void)[] = [];

  add(message: Outgoing): number {
    const id = this.next++;
    this.pending.set(id, message);
    return id;
  }

  has(id: number): boolean {
    return this.pending.has(id);
  }

  settle(id: number): void {
    if (!this.pending.delete(id) || this.pending.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  get size(): number {
    return this.pending.size;
  }

  entries(): [number, Outgoing][] {
    return [...this.pending];
  }

  /** Resolves once nothing is pending (at once if nothing is). */
  drained(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
