import type { Rng } from '../common/index.js';
import type { Message } from './message.js';

/**
 * What a device sees of the network: the seed framework's medium, with the same four calls.
 * A transport (memory or RabbitMQ) implements it; algorithms never know which.
 */
export interface Medium<M extends Message = Message> {
  /** Every device's index, 0..n-1. */
  readonly ids: readonly number[];
  /** This device's seeded randomness: a seeded run makes the same choices every time. */
  readonly random: Rng;
  /** Sends a copy of the message (no shared memory). Throws if it fails its schema. */
  send(message: M): void;
  /** The next delivered message, or null; never blocks. */
  receive(): M | null;
  /** Every delivered message not read yet. */
  receiveAll(): M[];
  /** sync: waits for the round to end; async: yields briefly. Twice without awaiting is an error. */
  waitForNextRound(): Promise<void>;
}

/** One participant of an algorithm; the TypeScript mirror of the seed's `emulators.Device`. */
export abstract class Device<M extends Message = Message> {
  constructor(
    readonly index: number,
    readonly numberOfDevices: number,
    readonly medium: Medium<M>,
  ) {}

  abstract run(): Promise<void>;

  /** What the run prints for this device and what the checker reads; plain JSON. */
  result(): unknown {
    return null;
  }
}

/** Builds the device for one index; a class, or a factory choosing a class per index. */
export type DeviceFactory = (index: number, numberOfDevices: number, medium: Medium) => Device;

export type DeviceClass<M extends Message = Message> = new (index: number, numberOfDevices: number, medium: Medium<M>) => Device<M>;

/**
 * A factory from a device class. The cast is where a typed algorithm meets the untyped network:
 * the medium validates every message against the algorithm's own schema before it moves.
 */
export function fromClass<M extends Message>(cls: DeviceClass<M>): DeviceFactory {
  return (index, numberOfDevices, medium) => new cls(index, numberOfDevices, medium as unknown as Medium<M>);
}
