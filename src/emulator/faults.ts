import { RngStreams } from '../common/index.js';

/** The injected faults of one run; every decision comes from the run's seed. */
export interface Faults {
  /** Probability that a message is lost. */
  readonly drop: number;
  /** Probability that a message arrives twice. */
  readonly duplicate: number;
  /** Extra latency in ms (virtual ms on memory, where a tick of async time is 1 ms); async only. */
  readonly delay: { readonly min: number; readonly max: number } | null;
  /** Groups that cannot reach each other; devices named in no group form one more group. */
  readonly partition: readonly (readonly number[])[] | null;
  /** Devices that stop: at a round (sync) or after `at` ms (async). */
  readonly crashes: readonly Crash[];
}

/**
 * One planned crash. Without `sends` the device stops before it runs at round `at` (or at the first
 * tick from `at` ms on). With `sends` it runs that round (tick) and stops in the middle of it: after
 * that many more sends, at its next send or wait, so that a multicast reaches only some devices.
 */
export interface Crash {
  readonly device: number;
  readonly at: number;
  readonly sends?: number;
}

export const noFaults: Faults = { drop: 0, duplicate: 0, delay: null, partition: null, crashes: [] };

/** What happens to one message on the wire. */
export type Fate = { readonly kind: 'lost'; readonly why: 'drop' | 'partition' } | { readonly kind: 'arrives'; readonly copies: 1 | 2 };

/**
 * Draws each message's fate from a seeded stream of its own pair of devices, in the order the sender
 * sent them: the same seed drops, duplicates and delays the same messages whatever order the
 * senders' messages reach the network in (on RabbitMQ, as the broker interleaves them).
 */
export class FaultInjector {
  private readonly group: number[];
  /** One stream per (source, destination); made only if a fault draws. */
  private pairStreams: RngStreams | undefined;

  constructor(
    private readonly faults: Faults,
    private readonly seed: number,
    private readonly devices: number,
  ) {
    const groups = faults.partition ?? [];
    this.group = Array.from({ length: devices }, (_, device) => {
      const found = groups.findIndex((members) => members.includes(device));
      return found >= 0 ? found : groups.length;
    });
  }

  /** Draws only for the faults that are on, so turning one on does not reshuffle the others' runs. */
  fate(src: number, dst: number): Fate {
    if (this.faults.partition && this.group[src] !== this.group[dst]) return { kind: 'lost', why: 'partition' };
    if (this.faults.drop > 0 && this.streams.next(this.pair(src, dst)) < this.faults.drop) return { kind: 'lost', why: 'drop' };
    if (this.faults.duplicate > 0 && this.streams.next(this.pair(src, dst)) < this.faults.duplicate) return { kind: 'arrives', copies: 2 };
    return { kind: 'arrives', copies: 1 };
  }

  /** The extra latency of a message from `src` to `dst` (async). */
  delay(src: number, dst: number): number {
    const delay = this.faults.delay;
    return delay === null ? 0 : this.streams.int(this.pair(src, dst), delay.min, delay.max);
  }

  crashesAt(at: number): Crash[] {
    return this.faults.crashes.filter((crash) => crash.at === at);
  }

  /** Whether the plan holds a crash later than `at` (a round, or ms): until then, something can still happen. */
  crashesAfter(at: number): boolean {
    return this.faults.crashes.some((crash) => crash.at > at);
  }

  /** Crashes due by `at` that `done` does not hold yet (async time can jump past a crash's moment). */
  crashesDue(at: number, done: (device: number) => boolean): Crash[] {
    return this.faults.crashes.filter((crash) => crash.at <= at && !done(crash.device));
  }

  private get streams(): RngStreams {
    return (this.pairStreams ??= new RngStreams(this.seed, this.devices * this.devices));
  }

  private pair(src: number, dst: number): number {
    return src * this.devices + dst;
  }
}
