import { InfrastructureError, messageOf } from '../common/index.js';

/**
 * Thrown into a device that the `--crash` fault stopped: its pending wait and every later call
 * fail with it, so that its run() unwinds. The emulator takes it as the crash, not a failure.
 */
export class DeviceCrashed extends Error {
  constructor(readonly device: number) {
    super(`device ${device} crashed (fault injection)`);
    this.name = 'DeviceCrashed';
  }
}

/** Thrown into a device's pending wait when the run is quiescent: it stops, and its result counts. */
export class Quiesced extends Error {
  constructor(readonly device: number) {
    super(`device ${device} was stopped: nothing could happen any more (quiescent)`);
    this.name = 'Quiesced';
  }
}

/** A device's own code threw (or broke the API): the run cannot go on; exit 3, naming the device. */
export class DeviceFailedError extends InfrastructureError {
  constructor(
    readonly device: number,
    cause: unknown,
  ) {
    super(`device ${device} failed: ${messageOf(cause)}`, { cause });
  }
}
