import { setImmediate as nextTurn } from 'node:timers/promises';
import { abortable, createRng, seedFrom, type Rng } from '../common/index.js';
import type { Algorithm, Device, DeviceOptions, Message } from '../exercises/index.js';
import { noteActiveDevice } from './active-device.js';
import type { DeviceHost, DeviceResults } from './device-host.js';
import { DeviceCrashed, DeviceFailedError } from './errors.js';
import { InboxMedium } from './inbox-medium.js';
import type { MessageCopier } from './message-copier.js';
import { Flow } from './modes.js';
import { QuiescenceWatch } from './quiescence.js';
import type { Delivery, Network } from './network.js';
import type { Stepper } from './stepper.js';

/** How many scheduler turns run between two visits to the event loop (timers, stdin). */
const TURNS_PER_YIELD = 64;

type SlotState = 'new' | 'running' | 'waiting' | 'done' | 'crashed' | 'failed';

const live = (slot: Slot): boolean => slot.state !== 'done' && slot.state !== 'crashed' && slot.state !== 'failed';

/** One device and where the scheduler has it. */
class Slot {
  state: SlotState = 'new';
  device: Device | undefined;
  error: unknown;
  onYield: (() => void) | undefined;
  constructor(readonly medium: MemoryMedium) {}
}

class MemoryMedium extends InboxMedium {
  slot: Slot | undefined;
  /** Carries out a crash that happens while this device runs (`--crash D@T:K`). */
  onCrash: () => void = () => undefined;
  constructor(
    index: number,
    ids: readonly number[],
    random: Rng,
    copy: MessageCopier,
    private readonly network: Network,
  ) {
    super(index, ids, random, copy);
  }
  protected transmit(message: Message): void {
    if (this.network.submit(message, JSON.stringify(message))) return;
    this.onCrash();
    throw new DeviceCrashed(this.index);
  }
  protected transmitMark(type: string, data: Record<string, unknown> | null): void {
    this.network.mark(this.index, type, data);
  }
  protected requestRound(): void {
    if (!this.network.waited(this.index)) {
      // Crashing here rejects the wait that was just made.
      this.onCrash();
      return;
    }
    const slot = this.slot;
    if (!slot) return;
    slot.state = 'waiting';
    slot.onYield?.();
  }
}

export interface MemoryRunOptions {
  readonly algorithm: Algorithm;
  readonly devices: number;
  readonly seed: number;
  readonly copy: MessageCopier;
  readonly options: DeviceOptions;
  /** Async interleaving: the order devices run in each tick. */
  readonly rng: Rng;
  /** Silent rounds (ticks) that make the run quiescent. */
  readonly quietRounds: number;
}

/**
 * Every device in this process, run one at a time by a scheduler: a device runs until it waits
 * for the next round or finishes, then the next one runs. Nothing else decides who runs when, so
 * a seeded run is deterministic to the byte. sync: every live device runs once per round, in
 * index order. async: time advances a virtual ms per tick, and each tick runs the live devices
 * in a seeded random order; messages arrive as soon as they are sent (or after their delay).
 */
export class MemoryTransport implements DeviceHost {
  private slots: Slot[] = [];
  /** The device running now, whose wait an abort must end. */
  private current: Slot | undefined;
  private quiescent = false;

  constructor(private readonly options: MemoryRunOptions) {}

  deliver(delivery: Delivery): void {
    this.slots[delivery.dst]?.medium.accept(delivery.msg);
  }

  async run(network: Network, stepper: Stepper | undefined, signal: AbortSignal): Promise<DeviceResults> {
    this.slots = this.createDevices(network);
    const watch = new QuiescenceWatch(network, this.options.quietRounds);
    // A device that awaits something other than its medium still cannot hold the run past its
    // limit: an abort ends the wait for whichever device is running.
    const onAbort = (): void => this.current?.onYield?.();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (let turn = 1; ; turn++) {
        if (!(await this.turn(network, stepper, signal, watch))) break;
        if (turn % TURNS_PER_YIELD === 0) await nextTurn();
      }
      // Let a failure that is still unwinding settle before the verdict.
      await nextTurn();
      this.throwIfFailed();
      return {
        results: this.slots.map((slot) => slot.device?.result() ?? null),
        crashed: this.slots.map((slot) => slot.state === 'crashed'),
        quiescent: this.quiescent,
        waiting: this.slots.map((slot) => slot.state === 'waiting'),
        rejectedBy: {},
      };
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private createDevices(network: Network): Slot[] {
    const { algorithm, devices, seed, copy, options } = this.options;
    const ids = [...Array(devices).keys()];
    return ids.map((index) => {
      const medium = new MemoryMedium(index, ids, createRng(seedFrom(seed, 'device', index)), copy, network);
      const slot = new Slot(medium);
      medium.slot = slot;
      medium.onCrash = () => this.crash(network, index);
      try {
        slot.device = algorithm.create(index, devices, medium, options);
      } catch (error) {
        throw new DeviceFailedError(index, error);
      }
      return slot;
    });
  }

  /** One scheduler turn: time, crashes, every runnable device once, then the round's end. False when the run is over. */
  private async turn(network: Network, stepper: Stepper | undefined, signal: AbortSignal, watch: QuiescenceWatch): Promise<boolean> {
    signal.throwIfAborted();
    this.throwIfFailed();
    const flow = network.flow;
    if (flow === Flow.Async) {
      network.now++;
      network.deliverDue();
    }
    for (const index of network.crashesDue()) this.crash(network, index);
    const runnable = this.slots.filter((slot) => slot.state === 'new' || slot.state === 'waiting');
    if (runnable.length === 0) return false;
    if (flow === Flow.Async) this.options.rng.shuffle(runnable);
    for (const slot of runnable) {
      this.current = slot;
      await resume(slot);
      signal.throwIfAborted();
      this.throwIfFailed();
    }
    const anyWaiting = this.slots.some((slot) => slot.state === 'waiting');
    if (watch.observe(anyWaiting && this.slots.every((slot) => !live(slot) || slot.state === 'waiting'))) {
      this.quiescent = true;
      return false;
    }
    if (flow === Flow.Sync) {
      // Everyone finished: the last round's messages stay unread, as they would on a real network.
      if (!anyWaiting) return false;
      while (stepper?.active && network.inFlight.length > 0 && network.flow === Flow.Sync) await abortable(stepper.gate(), signal);
      network.endRound();
    } else if (stepper?.active && network.inFlight.length > 0) {
      // The stepper waits for the user; a timeout or Ctrl-C must still end the run.
      await abortable(stepper.gate(), signal);
    }
    return true;
  }

  private crash(network: Network, index: number): void {
    const slot = this.slots[index];
    if (!slot || slot.state === 'done' || slot.state === 'crashed') return;
    network.crash(index);
    slot.state = 'crashed';
    slot.medium.crash();
    // A crash in the middle of the device's turn ends the turn (between turns this is a no-op).
    slot.onYield?.();
  }

  // A device can fail after it yielded (it waited, then threw before its next await), so failures
  // are looked for at every turn and at the end, not only right after a resume.
  private throwIfFailed(): void {
    const failed = this.slots.find((slot) => slot.state === 'failed');
    if (failed) throw new DeviceFailedError(failed.medium.index, failed.error);
  }
}

/** Runs one device until it yields: it waits for the next round, finishes, crashes or throws. */
function resume(slot: Slot): Promise<void> {
  return new Promise<void>((resolve) => {
    noteActiveDevice(slot.medium.index);
    slot.onYield = resolve;
    if (slot.state === 'waiting') {
      slot.state = 'running';
      slot.medium.release();
      return;
    }
    slot.state = 'running';
    // An async wrapper turns a synchronous throw from run() into a rejection like any other.
    const device = slot.device as Device;
    const running = (async () => {
      await device.run();
    })();
    running.then(
      () => {
        if (slot.state === 'crashed') return;
        slot.state = 'done';
        slot.onYield?.();
      },
      (error: unknown) => {
        if (slot.state === 'crashed' && error instanceof DeviceCrashed) return;
        slot.state = 'failed';
        slot.error = error;
        slot.onYield?.();
      },
    );
  });
}
