import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { checkConsensus } from './consensus-check.js';
import { ConsensusDevice } from './consensus-device.js';
import { faultsOption, patienceOption, PATIENT_QUIET_ROUNDS, tolerated, valuesOption } from './consensus-options.js';
import { Rounds } from './rounds.js';

const ProposeMessage = z.object({
  type: z.literal('propose'),
  ...messageIds,
  round: z.int().nonnegative(),
  values: z.array(z.int().nonnegative()),
});
type ProposeMessage = z.infer<typeof ProposeMessage>;

const options = z.strictObject({ f: faultsOption('devices-1, as in the seed'), values: valuesOption(101), patience: patienceOption });
interface Options {
  readonly f?: number;
  readonly values: number;
  readonly patience: number;
}

/** f, or the seed's n - 1. */
const toleratedBy = (options: { readonly f?: unknown }, devices: number): number => tolerated(options, devices - 1);

/**
 * Consensus with up to f crash failures in a synchronous network (Coulouris' algorithm): for f + 1
 * rounds, every device B-multicasts the values it learned in the previous round (its proposal in
 * the first), and then decides the smallest value it knows. A device that crashes in the middle of
 * a multicast tells only some devices a value; with f crashes there is still a round without one,
 * after which every live device knows the same values.
 *
 * The seed sent `v_p.difference(v_p)`, the empty set, after the first round, so a value that only
 * some devices heard was never passed on; it also did not wait between its rounds and ran one
 * round fewer than its comment says.
 */
export class FResilientConsensus extends ConsensusDevice<ProposeMessage, Options> {
  async run(): Promise<void> {
    const rounds = new Rounds(this.medium, this.options.patience);
    const known = new Set([this.propose()]);
    let fresh = [...known];
    for (let round = 0; round <= toleratedBy(this.options, this.numberOfDevices); round++) {
      const values = fresh;
      this.bMulticast((destination) => ({ type: 'propose', source: this.index, destination, round, values }));
      const before = new Set(known);
      for (const message of await rounds.collect(round, this.medium.ids)) for (const value of message.values) known.add(value);
      fresh = this.newValues(before, known);
    }
    this.decide(Math.min(...known));
  }

  /** What to pass on next round: the values learned in this one. */
  protected newValues(before: ReadonlySet<number>, after: ReadonlySet<number>): number[] {
    return [...after].filter((value) => !before.has(value)).sort((a, b) => a - b);
  }
}

export const fResilientConsensusAlgorithm: Algorithm = {
  lecture: 6,
  name: 'FResilientConsensus',
  summary: 'f crash failures, synchronous: f+1 rounds of multicasting newly learned values, then the minimum',
  minDevices: 2,
  messages: ProposeMessage,
  parseCopies: true,
  options,
  validateOptions: (parsed, devices) =>
    toleratedBy(parsed, devices) >= devices ? `f: must be at most ${devices - 1} (devices-1)` : undefined,
  quietRounds: PATIENT_QUIET_ROUNDS,
  create: fromClass(FResilientConsensus),
  check: (results, trace, context) =>
    checkConsensus(results, trace, context, {
      validity: 'proposed',
      beyond: (faulty) =>
        faulty > toleratedBy(context.options, context.devices)
          ? `${faulty} crashed, more than f = ${toleratedBy(context.options, context.devices)}`
          : undefined,
    }),
};
