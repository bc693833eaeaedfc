import { Device, type DeviceClass, type Medium } from '../device.js';
import type { Message } from '../message.js';

/** Picks the device for one index: a master, a chunkserver, a client... */
export type DeviceChooser<M extends Message, O extends object> = (
  index: number,
  numberOfDevices: number,
  medium: Medium<M>,
  options: O,
) => Device<M, O>;

/**
 * A system of several roles as one device class, the way the seed's `GfsNetwork.__new__` returns a
 * master, a chunkserver or a client by index: each instance runs, and reports as, the device its
 * index chooses. Being a class, it registers with `fromClass` and can be exported from a user's
 * `--file` under the system's name, so that a student's own GfsNetwork meets the registered
 * checker.
 */
export function deviceNetwork<M extends Message, O extends object>(name: string, choose: DeviceChooser<M, O>): DeviceClass<M, O> {
  class Network extends Device<M, O> {
    /** The device this index runs. */
    readonly chosen: Device<M, O>;

    constructor(index: number, numberOfDevices: number, medium: Medium<M>, options: O) {
      super(index, numberOfDevices, medium, options);
      this.chosen = choose(index, numberOfDevices, medium, options);
    }

    run(): Promise<void> {
      return this.chosen.run();
    }

    override result(): unknown {
      return this.chosen.result();
    }
  }
  Object.defineProperty(Network, 'name', { value: name });
  return Network;
}
