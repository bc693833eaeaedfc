import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { checkConsensus } from './consensus-check.js';
import { ConsensusDevice } from './consensus-device.js';
import { byzantineOption, devicesExist, patienceOption, PATIENT_QUIET_ROUNDS, valuesOption } from './consensus-options.js';
import { Rounds } from './rounds.js';

const COMMANDER = 0;

/** Round 0: the commander's order; round 1: each lieutenant relays the order it got (null: none). */
const ProposeMessage = z.object({
  type: z.literal('propose'),
  ...messageIds,
  round: z.int().min(0).max(1),
  value: z.int().nonnegative().nullable(),
});
type ProposeMessage = z.infer<typeof ProposeMessage>;

const options = z.strictObject({ byzantine: byzantineOption, values: valuesOption(2), patience: patienceOption });
interface Options {
  readonly byzantine: readonly number[];
  readonly values: number;
  readonly patience: number;
}

/**
 * Byzantine agreement with one traitor (Lamport, Shostak and Pease's OM(1)): the commander
 * (device 0) B-multicasts its value; each lieutenant B-multicasts the value it received; each
 * lieutenant decides the most frequent value among the lieutenants' relays (its own included),
 * nothing on a tie, as the seed's find_majority. With n >= 4 and one traitor, commander or
 * lieutenant, the loyal lieutenants agree, on the commander's value if it is loyal.
 */
export class SingleByzantine extends ConsensusDevice<ProposeMessage, Options> {
  async run(): Promise<void> {
    if (this.index === COMMANDER) {
      const value = this.propose();
      this.bMulticast((destination) => ({
        type: 'propose',
        source: this.index,
        destination,
        round: 0,
        value: this.voice.say(value, destination),
      }));
      this.decide(value);
      return;
    }
    const rounds = new Rounds(this.medium, this.options.patience);
    const [order] = await rounds.collect(0, [COMMANDER]);
    const value = order?.value ?? null;
    this.bMulticast((destination) => ({
      type: 'propose',
      source: this.index,
      destination,
      round: 1,
      value: this.voice.say(value, destination),
    }));
    const lieutenants = this.medium.ids.filter((id) => id !== COMMANDER);
    const relays = await rounds.collect(1, lieutenants);
    this.decide(mostFrequent(relays.filter((m) => m.source !== COMMANDER).map((m) => m.value)));
  }
}

/** The value that occurs most often; null when two values tie for it (the seed's find_majority). */
function mostFrequent(values: readonly (number | null)[]): number | null {
  const counts = new Map<number | null, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  let tied = false;
  for (const [value, count] of counts) {
    if (count > bestCount) [best, bestCount, tied] = [value, count, false];
    else if (count === bestCount) tied = true;
  }
  return tied ? null : best;
}

export const singleByzantineAlgorithm: Algorithm = {
  lecture: 6,
  name: 'SingleByzantine',
  summary: 'OM(1): the commander (device 0) orders, lieutenants relay and take the majority; one traitor, n >= 4',
  minDevices: 2,
  messages: ProposeMessage,
  parseCopies: true,
  options,
  validateOptions: (parsed, devices) => devicesExist('byzantine', parsed.byzantine as number[], devices),
  quietRounds: PATIENT_QUIET_ROUNDS,
  create: fromClass(SingleByzantine),
  check: (results, trace, context) =>
    checkConsensus(results, trace, context, {
      validity: { commander: COMMANDER },
      defaults: [null],
      beyond: (faulty) =>
        faulty > 1 || 3 * faulty >= context.devices
          ? `${faulty} faulty of ${context.devices}: OM(1) needs at most one, and n > 3`
          : undefined,
    }),
};
