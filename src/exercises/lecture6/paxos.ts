import { z } from 'zod';
import type { Algorithm, TraceEvent } from '../algorithm.js';
import { fromClass, type Medium } from '../device.js';
import { intOption } from '../options.js';
import { checkConsensus } from './consensus-check.js';
import { ConsensusDevice } from './consensus-device.js';
import { majorityOf, valuesOption } from './consensus-options.js';
import { PaxosMessage } from './paxos-message.js';
import { Acceptor, Learner, Proposer, type PaxosNetwork } from './paxos-roles.js';

/** Rounds an undecided device that has seen accepts waits before it proposes itself. */
const STRANDED = 40;

const options = z.strictObject({
  proposers: intOption('how many devices propose, competing (devices 0..proposers-1)', { min: 1, max: 1000, fallback: 3 }),
  values: valuesOption(101),
});
interface Options {
  readonly proposers: number;
  readonly values: number;
}

type AcceptMessage = Extract<PaxosMessage, { type: 'accept' }>;

/**
 * Paxos with every device an acceptor and a learner (as the seed's PAXOS) and the first
 * `proposers` devices proposers. A learner decides once a majority of acceptors accepted one
 * ballot; competing proposers take turns through refusals and random pauses. A device that saw
 * accepts but learned nothing for a while (an acceptor crashed in the middle of telling the
 * learners) proposes itself, which Paxos allows anyone to do. Acceptors must keep answering, so
 * devices run until the run is quiescent.
 */
export class Paxos extends ConsensusDevice<PaxosMessage, Options> {
  protected proposer: Proposer | undefined;
  private readonly network: PaxosNetwork;
  private readonly learner: Learner;
  private readonly acceptor: Acceptor;
  private round = 0;
  private lastAccept: number | undefined;

  constructor(index: number, numberOfDevices: number, medium: Medium<PaxosMessage>, options: Options) {
    super(index, numberOfDevices, medium, options);
    const everyone = medium.ids;
    const network: PaxosNetwork = {
      index,
      devices: numberOfDevices,
      acceptors: everyone,
      learners: everyone,
      majority: majorityOf(numberOfDevices),
      send: (destination, message) => medium.send({ ...message, source: index, destination }),
    };
    this.acceptor = new Acceptor(network);
    this.learner = new Learner(network);
    this.network = network;
  }

  async run(): Promise<void> {
    if (this.index < this.options.proposers) this.proposer = new Proposer(this.network, this.propose(), this.medium.random);
    for (;;) {
      for (const message of this.medium.receiveAll()) this.handle(message);
      if (!this.decided && !this.proposer && this.lastAccept !== undefined && this.round - this.lastAccept >= STRANDED)
        this.proposer = new Proposer(this.network, this.propose(), this.medium.random);
      this.proposer?.everyRound(this.round);
      await this.medium.waitForNextRound();
      this.round++;
    }
  }

  /** An acceptor's accept reached this learner. */
  protected learn(message: AcceptMessage): void {
    const value = this.learner.onAccept(message);
    if (value === undefined) return;
    this.decide(value);
    this.proposer?.stop();
  }

  private handle(message: PaxosMessage): void {
    switch (message.type) {
      case 'prepare':
        return this.acceptor.onPrepare(message);
      case 'request-accept':
        return this.acceptor.onRequestAccept(message);
      case 'promise':
        return this.proposer?.onPromise(message, this.round);
      case 'nack':
        return this.proposer?.onNack(message, this.round);
      case 'accept':
        this.lastAccept = this.round;
        this.proposer?.onAccept(message, this.round);
        return this.learn(message);
    }
  }
}

const AcceptSeen = z.object({ ballot: z.int(), value: z.int() });
const Decided = z.object({ value: z.int().nullable() });

/**
 * A learner decides only after accepts of one ballot, for the value it decides, from a majority of
 * acceptors had reached it: read from the deliveries before its decision.
 */
function learnedFromMajority(devices: number): (trace: readonly TraceEvent[]) => string | undefined {
  const majority = majorityOf(devices);
  return (trace) => {
    /** Per device: ballot -> value -> the acceptors whose accept reached it. */
    const heard = Array.from({ length: devices }, () => new Map<number, Map<number, Set<number>>>());
    for (const event of trace) {
      if (event.kind === 'deliver' && event.type === 'accept' && event.dst !== null && event.src !== null) {
        const accept = AcceptSeen.safeParse(event.msg);
        const byBallot = heard[event.dst];
        if (!accept.success || !byBallot) continue;
        const byValue = byBallot.get(accept.data.ballot) ?? new Map<number, Set<number>>();
        byBallot.set(accept.data.ballot, byValue.set(accept.data.value, (byValue.get(accept.data.value) ?? new Set()).add(event.src)));
      }
      if (event.kind !== 'mark' || event.type !== 'decide' || event.src === null) continue;
      const decided = Decided.safeParse(event.msg);
      if (!decided.success || decided.data.value === null) continue;
      const value = decided.data.value;
      const best = Math.max(0, ...[...(heard[event.src]?.values() ?? [])].map((byValue) => byValue.get(value)?.size ?? 0));
      if (best < majority)
        return `device ${event.src} decided ${value} with accepts for it from ${best} acceptor${best === 1 ? '' : 's'} of one ballot (a majority is ${majority})`;
    }
    return undefined;
  };
}

export const paxosAlgorithm: Algorithm = {
  lecture: 6,
  name: 'Paxos',
  summary: 'Paxos: competing proposers, every device an acceptor and a learner; decided by a majority of accepts',
  minDevices: 2,
  messages: PaxosMessage,
  parseCopies: true,
  options,
  validateOptions: (parsed, devices) =>
    (parsed.proposers as number) > devices ? `proposers: must be at most ${devices} (the devices)` : undefined,
  // Longer than a stranded learner waits, and than a proposer's timeout and pause together.
  quietRounds: 100,
  create: fromClass(Paxos),
  check: (results, trace, context) => {
    const crashed = context.crashed.filter(Boolean).length;
    return checkConsensus(results, trace, context, {
      validity: 'proposed',
      extra: learnedFromMajority(context.devices),
      beyond: () =>
        crashed >= context.devices - majorityOf(context.devices) + 1
          ? `${crashed} of ${context.devices} crashed: no majority of acceptors is left`
          : undefined,
    });
  },
};
