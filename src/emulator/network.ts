import type { Rng } from '../common/index.js';
import type { Message } from '../exercises/index.js';
import { FaultInjector, type Faults } from './faults.js';
import { Flow } from './modes.js';
import type { TraceKind, TraceRecorder } from './trace.js';

/** One message on its way to one device. */
export interface Delivery {
  readonly src: number;
  readonly dst: number;
  readonly type: string;
  readonly msg: Message;
  /** The message as sent, serialized once for the trace. */
  readonly json: string;
}

interface PendingEvent {
  readonly kind: TraceKind;
  readonly src: number | null;
  readonly dst: number | null;
  readonly type: string | null;
  readonly json: string | null;
}

/** Where delivered messages go: a device's inbox (memory) or its queue (RabbitMQ). */
export interface NetworkSink {
  deliver(delivery: Delivery): void;
}

export interface NetworkOptions {
  readonly devices: number;
  readonly flow: Flow;
  /** Stepping: every message waits in `inFlight` until the user delivers it. */
  readonly gated: boolean;
  readonly faults: Faults;
  /** Shuffles sync batches. */
  readonly rng: Rng;
  /** Seeds the faults (apart from the shuffles, so that faults do not change them). */
  readonly faultSeed: number;
  readonly trace: TraceRecorder;
  readonly sink: NetworkSink;
  /**
   * The devices' events may reach the network interleaved (RabbitMQ): a sync round's are held
   * back and traced at its end in device order. In memory, devices run one after another, so
   * their events already come in that order.
   */
  readonly interleaved: boolean;
}

export interface MessageCounts {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  readonly perType: Map<string, number>;
}

/**
 * The emulated wire, the same for every transport: it takes each sent message, decides its fate
 * (faults), holds it as the mode says (sync: until the round ends; async: until its delay is over;
 * stepping: until the user steps) and hands it to the sink, tracing every step.
 */
export class Network {
  flow: Flow;
  gated: boolean;
  /** Completed sync rounds. */
  round = 0;
  /** Async time in ms: virtual on memory (one tick each), wall time on RabbitMQ. */
  now = 0;
  /** Stepping's queue, in the order the next steps take it. */
  readonly inFlight: Delivery[] = [];
  readonly crashed: boolean[];
  readonly counts: MessageCounts = { sent: 0, delivered: 0, dropped: 0, duplicated: 0, perType: new Map() };
  /** waitForNextRound calls per device: a run's rounds are the most any device waited. */
  readonly waits: number[];
  /** Sends, deliveries and marks so far: unchanged across a round, nothing happened in it. */
  activity = 0;

  private readonly batches: Delivery[][];
  /**
   * Interleaved, sync, not stepping: each device's traced events of this round (its sends, drops,
   * copies, marks, its own crash), written at the round's end in device order, so that the trace
   * does not depend on how the broker interleaved them: the same as in memory for the same seed.
   */
  private readonly pending: PendingEvent[][];
  private pendingEvents = 0;
  /** Devices crashing in the middle of a round (`--crash D@T:K`): how many more sends each may make. */
  private readonly lastSends = new Map<number, number>();
  /** Delayed messages, kept sorted by due time (ties in send order). */
  private readonly delayed: { due: number; delivery: Delivery }[] = [];
  private readonly faults: FaultInjector;

  constructor(private readonly options: NetworkOptions) {
    this.flow = options.flow;
    this.gated = options.gated;
    this.crashed = new Array<boolean>(options.devices).fill(false);
    this.waits = new Array<number>(options.devices).fill(0);
    this.batches = Array.from({ length: options.devices }, () => []);
    this.pending = Array.from({ length: options.devices }, () => []);
    this.faults = new FaultInjector(options.faults, options.faultSeed, options.devices);
  }

  get devices(): number {
    return this.options.devices;
  }

  get rounds(): number {
    return this.waits.reduce((a, b) => Math.max(a, b), 0);
  }

  /**
   * A device sent a message (already validated and copied by its medium). False when the device
   * crashes instead, having spent the sends its crash left it: the message is not sent.
   */
  submit(msg: Message, json: string): boolean {
    const { source: src, destination: dst, type } = msg;
    if (this.spent(src)) return false;
    const counts = this.counts;
    this.activity++;
    counts.sent++;
    counts.perType.set(type, (counts.perType.get(type) ?? 0) + 1);
    this.record('send', src, dst, type, json, true);
    const fate = this.faults.fate(src, dst);
    if (fate.kind === 'lost') {
      counts.dropped++;
      this.record('drop', src, dst, type, json, true);
      return true;
    }
    const delivery: Delivery = { src, dst, type, msg, json };
    this.route(delivery);
    if (fate.copies === 2) {
      counts.duplicated++;
      this.record('duplicate', src, dst, type, json, true);
      this.route({ ...delivery, msg: structuredClone(msg) });
    }
    return true;
  }

  /** A device marked an event (already validated): traced in the network's order, like its sends. */
  mark(device: number, type: string, data: Record<string, unknown> | null): void {
    if (this.crashed[device]) return;
    this.activity++;
    this.record('mark', device, null, type, data === null ? null : JSON.stringify(data), true);
  }

  /** Nothing is on its way: no batch waits for the round's end, no delayed or stepped message. */
  get idle(): boolean {
    return this.inFlight.length === 0 && this.delayed.length === 0 && this.batches.every((batch) => batch.length === 0);
  }

  /** Crashes the fault plan still holds for later: until they happen, the run is not over. */
  get crashesPending(): boolean {
    return this.faults.crashesAfter(this.flow === Flow.Sync ? this.round : this.now);
  }

  /** A device waits for the next round; false when it crashes there instead (its crash is in this round). */
  waited(device: number): boolean {
    if (this.lastSends.has(device)) {
      this.crash(device, true);
      return false;
    }
    this.waits[device] = (this.waits[device] ?? 0) + 1;
    return true;
  }

  /** Sync: the round is over; every batch goes out (each shuffled), and the next round begins. */
  endRound(): void {
    this.writePending();
    for (const batch of this.batches) {
      if (batch.length === 0) continue;
      // Into sender order first (stable: each sender's own order kept): on RabbitMQ, senders' messages
      // arrive interleaved as the broker pleases, and the seeded shuffle must start from the same
      // order to deliver the same way. In memory they already arrive in sender order.
      batch.sort((a, b) => a.src - b.src);
      this.options.rng.shuffle(batch);
      for (const delivery of batch) this.deliver(delivery);
      batch.length = 0;
    }
    // A round event names its round even if `swap` just left sync.
    this.options.trace.record('round', null, null, null, null, this.round);
    this.round++;
  }

  /** Async: delivers every delayed message due by `now`. */
  deliverDue(): void {
    let due = 0;
    while (due < this.delayed.length && (this.delayed[due]?.due ?? Infinity) <= this.now) due++;
    if (due === 0) return;
    for (const { delivery } of this.delayed.splice(0, due)) this.deliver(delivery);
  }

  /** The next time a delayed message is due, if any (async time may jump there when all wait). */
  nextDue(): number | undefined {
    return this.delayed[0]?.due;
  }

  /** Stepping: delivers the in-flight message at `position` (0: the head). */
  step(position = 0): Delivery | undefined {
    const [delivery] = this.inFlight.splice(position, 1);
    if (delivery) this.deliver(delivery);
    return delivery;
  }

  /** `itself`: the device crashed in the middle of its round (it sent or waited once too often). */
  crash(device: number, itself = false): void {
    if (this.crashed[device]) return;
    this.crashed[device] = true;
    this.lastSends.delete(device);
    this.record('crash', device, null, null, null, itself);
  }

  /** Writes what the trace holds back of the round so far (see `pending`): the run ended in it. */
  writePending(): void {
    if (this.pendingEvents === 0) return;
    this.pendingEvents = 0;
    for (const events of this.pending) {
      for (const { kind, src, dst, type, json } of events) this.write(kind, src, dst, type, json);
      events.length = 0;
    }
  }

  /**
   * Crashes due now, at this round (sync) or by this time (async), for the transport to carry out.
   * A crash in the middle of the round is not among them: its device runs on with its last sends,
   * and `submit` or `waited` stops it.
   */
  crashesDue(): number[] {
    const due =
      this.flow === Flow.Sync
        ? this.faults.crashesAt(this.round).filter((crash) => !this.crashed[crash.device])
        : this.faults.crashesDue(this.now, (device) => this.crashed[device] === true);
    const now: number[] = [];
    for (const { device, sends } of due) {
      if (sends === undefined) now.push(device);
      else if (!this.lastSends.has(device)) this.lastSends.set(device, sends);
    }
    return now;
  }

  /** Whether a device in the middle of crashing has no send left: then it crashes now. */
  private spent(device: number): boolean {
    const left = this.lastSends.get(device);
    if (left === undefined) return false;
    if (left > 0) {
      this.lastSends.set(device, left - 1);
      return false;
    }
    this.crash(device, true);
    return true;
  }

  private route(delivery: Delivery): void {
    if (this.gated) {
      this.inFlight.push(delivery);
    } else if (this.flow === Flow.Sync) {
      this.batches[delivery.dst]?.push(delivery);
    } else {
      const delay = this.faults.delay(delivery.src, delivery.dst);
      if (delay === 0) {
        this.deliver(delivery);
        return;
      }
      const due = this.now + delay;
      let at = this.delayed.length;
      while (at > 0 && (this.delayed[at - 1]?.due ?? 0) > due) at--;
      this.delayed.splice(at, 0, { due, delivery });
    }
  }

  private deliver(delivery: Delivery): void {
    this.activity++;
    if (this.crashed[delivery.dst]) {
      this.counts.dropped++;
      this.record('drop', delivery.src, delivery.dst, delivery.type, delivery.json);
      return;
    }
    this.counts.delivered++;
    this.record('deliver', delivery.src, delivery.dst, delivery.type, delivery.json);
    this.options.sink.deliver(delivery);
  }

  /** `own`: device `src`'s own action (held back until the round's end, see `pending`). */
  private record(kind: TraceKind, src: number | null, dst: number | null, type: string | null, json: string | null, own = false): void {
    if (own && src !== null && this.options.interleaved && this.flow === Flow.Sync && !this.gated) {
      this.pending[src]?.push({ kind, src, dst, type, json });
      this.pendingEvents++;
      return;
    }
    this.writePending();
    this.write(kind, src, dst, type, json);
  }

  private write(kind: TraceKind, src: number | null, dst: number | null, type: string | null, json: string | null): void {
    this.options.trace.record(kind, src, dst, type, json, this.flow === Flow.Sync ? this.round : undefined);
  }
}
