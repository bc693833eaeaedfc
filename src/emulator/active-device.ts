/**
 * Which device ran last, in a slot another thread can read: when a device never yields (a loop
 * without `await`), the thread that runs the engine is stuck, and the thread that supervises it
 * kills it and names that device. Outside such a worker the slot is private and nobody reads it.
 */
let slot: Int32Array = new Int32Array(1).fill(-1);

/** The supervisor's shared slot (from a SharedArrayBuffer), installed by the engine's worker. */
export function shareActiveDevice(shared: Int32Array): void {
  slot = shared;
}

/** Records that `device` is running its own code now. */
export function noteActiveDevice(device: number): void {
  Atomics.store(slot, 0, device);
}
