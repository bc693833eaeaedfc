import type { Rng } from '../common/index.js';
import type { Message } from './message.js';

/** Options as a device receives them: parsed by the algorithm's schema, defaults filled in. */
export type DeviceOptions = Readonly<Record<string, unknown>>;

/**
 * What a device sees of the network: the seed framework's medium, with the same four calls, and
 * `mark` for events the engine must see in its own order (a critical section, a delivery, a
 * decision). A transport (memory or RabbitMQ) implements it; algorithms never know which.
 */
export interface Medium<M extends Message = Message> {
  /** Every device's index, 0..n-1. */
  readonly ids: readonly number[];
  /** This device's seeded randomness: a seeded run makes the same choices every time. */
  readonly random: Rng;
  /**
   * Sends a copy of the message (no shared memory). It must be plain JSON (objects, arrays,
   * strings, finite numbers, booleans, null), with a `type`, `source` = this device and an
   * existing `destination`; anything else throws, naming the field.
   */
  send(message: M): void;
  /** The oldest delivered message not read yet, or null; never blocks. */
  receive(): M | null;
  /** Every delivered message not read yet, oldest first. */
  receiveAll(): M[];
  /**
   * sync: waits for the round to end; async: yields until something may have changed. Must be
   * awaited: a second call before the first returned is an error.
   */
  waitForNextRound(): Promise<void>;
  /**
   * Marks an event in the trace (kind `mark`, `type`, data in `msg`), in the engine's global order
   * with every send and delivery, on RabbitMQ too: what checkers observe instead of trusting a
   * device's own bookkeeping. `data` must be plain JSON.
   */
  mark(type: string, data?: Readonly<Record<string, unknown>>): void;
}

/** One participant of an algorithm; the TypeScript mirror of the seed's `emulators.Device`. */
export abstract class Device<M extends Message = Message, O extends object = DeviceOptions> {
  constructor(
    readonly index: number,
    readonly numberOfDevices: number,
    readonly medium: Medium<M>,
    /** The algorithm's options (`--option key=value`), parsed; `{}` when it has none. */
    readonly options: O = {} as O,
  ) {}

  abstract run(): Promise<void>;

  /** What the run prints for this device and what the checker reads; plain JSON. */
  result(): unknown {
    return null;
  }
}

/** Builds the device for one index; a class, or a factory choosing a class per index. */
export type DeviceFactory = (index: number, numberOfDevices: number, medium: Medium, options: DeviceOptions) => Device;

export type DeviceClass<M extends Message = Message, O extends object = DeviceOptions> = new (
  index: number,
  numberOfDevices: number,
  medium: Medium<M>,
  options: O,
) => Device<M, O>;

/**
 * A factory from a device class. The casts are where a typed algorithm meets the untyped network:
 * the medium validates every message against the algorithm's own schema before it moves, and the
 * options were parsed by the algorithm's own schema.
 */
export function fromClass<M extends Message, O extends object>(cls: DeviceClass<M, O>): DeviceFactory {
  return (index, numberOfDevices, medium, options) =>
    new cls(index, numberOfDevices, medium as unknown as Medium<M>, options as O) as unknown as Device;
}
