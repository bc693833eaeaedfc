import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { checkConsensus } from './consensus-check.js';
import { ConsensusDevice } from './consensus-device.js';
import {
  byzantineOption,
  devicesExist,
  faultsOption,
  patienceOption,
  PATIENT_QUIET_ROUNDS,
  tolerated,
  valuesOption,
} from './consensus-options.js';
import { Rounds } from './rounds.js';

/** What a device falls back to when no value has half the votes. */
const DEFAULT_VALUE = 0;

/** Phase p: round 2p, every device's value (`propose`); round 2p+1, the king's (`king`). */
const KingMessage = z.object({
  type: z.enum(['propose', 'king']),
  ...messageIds,
  round: z.int().nonnegative(),
  value: z.int().nonnegative(),
});
type KingMessage = z.infer<typeof KingMessage>;

const options = z.strictObject({
  f: faultsOption('the most n > 4f allows, floor((devices-1)/4)'),
  byzantine: byzantineOption,
  values: valuesOption(2),
  patience: patienceOption,
});
interface Options {
  readonly f?: number;
  readonly byzantine: readonly number[];
  readonly values: number;
  readonly patience: number;
}

/** f, or the most that n > 4f allows. */
const toleratedBy = (options: { readonly f?: unknown }, devices: number): number => tolerated(options, Math.floor((devices - 1) / 4));

/**
 * The phase king algorithm (Berman and Garay), as the seed's pseudo-code has it: f + 1 phases,
 * device p is the king of phase p. Round 1: every device B-multicasts its value and takes the most
 * frequent value it received (the default if it has fewer than n/2 votes); round 2: the king
 * B-multicasts its value, and a device whose value had at most n/2 + f votes takes the king's.
 * One of the f + 1 kings is correct, and after its phase every correct device holds its value;
 * with n > 4f, a value held by every correct device keeps more than n/2 + f votes, so no later
 * (Byzantine) king can change it.
 */
export class King extends ConsensusDevice<KingMessage, Options> {
  async run(): Promise<void> {
    const n = this.numberOfDevices;
    const f = toleratedBy(this.options, n);
    const rounds = new Rounds(this.medium, this.options.patience);
    let value = this.propose();
    for (let phase = 0; phase <= f; phase++) {
      const mine = value;
      this.bMulticast((destination) => ({
        type: 'propose',
        source: this.index,
        destination,
        round: 2 * phase,
        value: this.voice.say(mine, destination),
      }));
      const [frequent, votes] = mostVotes((await rounds.collect(2 * phase, this.medium.ids)).map((m) => m.value));
      value = votes < n / 2 ? DEFAULT_VALUE : frequent;
      if (this.index === phase) {
        const tieBreaker = value;
        this.bMulticast((destination) => ({
          type: 'king',
          source: this.index,
          destination,
          round: 2 * phase + 1,
          value: this.voice.say(tieBreaker, destination),
        }));
      }
      const [king] = await rounds.collect(2 * phase + 1, [phase]);
      if (votes <= n / 2 + f && king) value = king.value;
    }
    this.decide(value);
  }
}

/** The most frequent value (the smallest of those tied) and how many times it occurs. */
function mostVotes(values: readonly number[]): [number, number] {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: [number, number] = [DEFAULT_VALUE, 0];
  for (const [value, count] of counts) if (count > best[1] || (count === best[1] && value < best[0])) best = [value, count];
  return best;
}

export const kingAlgorithm: Algorithm = {
  lecture: 6,
  name: 'King',
  summary: "phase king: f+1 phases of a vote and a king's tie-break; Byzantine devices, n > 4f",
  minDevices: 2,
  messages: KingMessage,
  parseCopies: true,
  options,
  validateOptions: (parsed, devices) =>
    toleratedBy(parsed, devices) >= devices
      ? `f: must be at most ${devices - 1} (each phase needs a king)`
      : devicesExist('byzantine', parsed.byzantine as number[], devices),
  quietRounds: PATIENT_QUIET_ROUNDS,
  create: fromClass(King),
  check: (results, trace, context) => {
    const f = toleratedBy(context.options, context.devices);
    return checkConsensus(results, trace, context, {
      validity: 'unanimous',
      defaults: [DEFAULT_VALUE],
      beyond: (faulty) =>
        context.devices <= 4 * f
          ? `n = ${context.devices} <= 4f = ${4 * f}: beyond what King tolerates`
          : faulty > f
            ? `${faulty} faulty devices, more than f = ${f}`
            : undefined,
    });
  },
};
