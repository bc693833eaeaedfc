import { setImmediate as nextTurn } from 'node:timers/promises';
import { createRng, seedFrom, type Rng } from '../common/index.js';
import type { Algorithm, Device, Message } from '../exercises/index.js';
import { DeviceCrashed, DeviceFailedError } from './errors.js';
import { InboxMedium } from './inbox-medium.js';
import type { MessageCopier } from './message-copier.js';
import { Flow } from './modes.js';
import type { Delivery, Network, NetworkSink } from './network.js';
import type { Stepper } from './stepper.js';

/** How many scheduler turns run between two visits to the event loop (timers, stdin). */
const TURNS_PER_YIELD = 64;

type SlotState = 'new' | 'running' | 'waiting' | 'done' | 'crashed' | 'failed';

class Slot {
  state: SlotState = 'new';
  device: Device | undefined;
  error: unknown;
  onYield: (() => void) | undefined;
  constructor(readonly medium: MemoryMedium) {}
}

class MemoryMedium extends InboxMedium {
  slot: Slot | undefined;
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
    this.network.submit(message, JSON.stringify(message));
  }
  protected requestRound(): void {
    this.network.waited(this.index);
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
  readonly network: Network;
  readonly stepper: Stepper | undefined;
  /** Async interleaving: the order devices run in each tick. */
  readonly rng: Rng;
  readonly signal: AbortSignal;
}

/** Hands deliveries to the devices' inboxes; a network built for memory points its sink here. */
export class MemorySink implements NetworkSink {
  mediums: InboxMedium[] = [];
  deliver(delivery: Delivery): void {
    this.mediums[delivery.dst]?.accept(delivery.msg);
  }
}

/**
 * Every device in this process, run one at a time by a scheduler: a device runs until it waits
 * for the next round or finishes, then the next one runs. Nothing else decides who runs when, so
 * a seeded run is deterministic to the byte. sync: every live device runs once per round, in
 * index order. async: time advances a virtual ms per tick, and each tick runs the live devices
 * in a seeded random order; messages arrive as soon as they are sent (or after their delay).
 */
export async function runInMemory(options: MemoryRunOptions, sink: MemorySink): Promise<{ results: unknown[]; crashed: boolean[] }> {
  const { algorithm, devices, network } = options;
  const ids = [...Array(devices).keys()];
  const slots = ids.map((index) => {
    const medium = new MemoryMedium(index, ids, createRng(seedFrom(options.seed, 'device', index)), options.copy, network);
    const slot = new Slot(medium);
    medium.slot = slot;
    return slot;
  });
  sink.mediums = slots.map((slot) => slot.medium);
  slots.forEach((slot, index) => {
    try {
      slot.device = algorithm.create(index, devices, slot.medium);
    } catch (error) {
      throw new DeviceFailedError(index, error);
    }
  });

  const crash = (index: number): void => {
    const slot = slots[index];
    if (!slot || slot.state === 'done' || slot.state === 'crashed') return;
    network.crash(index);
    slot.state = 'crashed';
    slot.medium.crash();
  };

  // A device can fail after it yielded (it waited, then threw before its next await), so failures
  // are looked for at every turn and at the end, not only right after a resume.
  const throwIfFailed = (): void => {
    const failed = slots.find((slot) => slot.state === 'failed');
    if (failed) throw new DeviceFailedError(failed.medium.index, failed.error);
  };

  // A device that awaits something other than its medium still cannot hold the run past its
  // limit: an abort ends the wait for whichever device is running.
  let current: Slot | undefined;
  let stopGate: (() => void) | undefined;
  const onAbort = (): void => {
    current?.onYield?.();
    stopGate?.();
  };
  options.signal.addEventListener('abort', onAbort, { once: true });
  /** The stepper waits for the user; a timeout or Ctrl-C must still end the run. */
  const gate = async (stepper: Stepper): Promise<void> => {
    await Promise.race([stepper.gate(), new Promise<void>((resolve) => (stopGate = resolve))]);
    options.signal.throwIfAborted();
  };
  try {
    return await schedule();
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }

  async function schedule(): Promise<{ results: unknown[]; crashed: boolean[] }> {
    for (let turn = 1; ; turn++) {
      options.signal.throwIfAborted();
      throwIfFailed();
      const flow = network.flow;
      if (flow === Flow.Async) {
        network.now++;
        network.deliverDue();
      }
      for (const index of network.crashesDue()) crash(index);
      const runnable = slots.filter((slot) => slot.state === 'new' || slot.state === 'waiting');
      if (runnable.length === 0) break;
      if (flow === Flow.Async) options.rng.shuffle(runnable);
      for (const slot of runnable) {
        current = slot;
        await resume(slot);
        options.signal.throwIfAborted();
        throwIfFailed();
      }
      if (flow === Flow.Sync) {
        // Everyone finished: the last round's messages stay unread, as they would on a real network.
        if (!slots.some((slot) => slot.state === 'waiting')) break;
        while (options.stepper?.active && network.inFlight.length > 0 && network.flow === Flow.Sync) await gate(options.stepper);
        network.endRound();
      } else if (options.stepper?.active && network.inFlight.length > 0) {
        await gate(options.stepper);
      }
      if (turn % TURNS_PER_YIELD === 0) await nextTurn();
    }
    // Let a failure that is still unwinding settle before the verdict.
    await nextTurn();
    throwIfFailed();
    return { results: slots.map((slot) => slot.device?.result() ?? null), crashed: slots.map((slot) => slot.state === 'crashed') };
  }
}

/** Runs one device until it yields: it waits for the next round, finishes, crashes or throws. */
function resume(slot: Slot): Promise<void> {
  return new Promise<void>((resolve) => {
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
