import { createRng, type Rng, seedFrom } from '../common/index.js';
import { VALUE_MAX, VALUE_MIN } from './messages.js';

/** The value a slave writes: a function of (seed, slave) only, so a seeded run is reproducible. */
export function slaveValue(seed: number, slave: number): number {
  return createRng(seedFrom(seed, 'value', slave)).int(VALUE_MIN, VALUE_MAX);
}

/** The master's grant stream for one run. */
export function grantRng(seed: number): Rng {
  return createRng(seedFrom(seed, 'grant'));
}

/** Picks the granted slave among the requesters, sorted by id so that arrival order does not matter. */
export function pickGranted(rng: Rng, requesters: Iterable<number>): number {
  return rng.pick([...requesters].sort((a, b) => a - b));
}
