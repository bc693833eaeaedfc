import type { Rng } from '../../common/index.js';
import type { PaxosMessage } from './paxos-message.js';

/** Rounds a proposer waits without an answer to its ballot before it starts again. */
const TIMEOUT = 20;
/** The longest random pause before a proposer tries again (competing proposers take turns). */
const BACKOFF = 20;
/** Ballots a proposer tries before it gives up (nothing can be chosen without a majority). */
const ATTEMPTS = 30;

type Of<T extends PaxosMessage['type']> = Extract<PaxosMessage, { type: T }>;
type Outgoing = { [T in PaxosMessage['type']]: Omit<Of<T>, 'source' | 'destination'> }[PaxosMessage['type']];

/** Who plays which role, and how a role sends (the seed's PAXOSNetwork). */
export interface PaxosNetwork {
  readonly index: number;
  readonly devices: number;
  readonly acceptors: readonly number[];
  readonly learners: readonly number[];
  readonly majority: number;
  send(destination: number, message: Outgoing): void;
}

/**
 * Phase 1: a ballot (unique to this proposer, above any it has seen refused) is prepared with every
 * acceptor; with promises from a majority, phase 2 asks them to accept the value of the highest
 * ballot any of them had accepted, or the proposer's own value if none had. A refusal, or silence,
 * sends it back to phase 1 after a random pause.
 */
export class Proposer {
  private phase: 'idle' | 'preparing' | 'accepting' | 'stopped' = 'idle';
  private ballot = 0;
  private highestSeen = 0;
  private attempts = 0;
  private lastHeard = 0;
  private resumeAt = 0;
  private readonly promises = new Map<number, { ballot: number; value: number | null }>();

  constructor(
    private readonly network: PaxosNetwork,
    private readonly preference: number,
    private readonly random: Rng,
  ) {}

  everyRound(round: number): void {
    if (this.phase === 'stopped') return;
    if (this.phase !== 'idle' && round - this.lastHeard >= TIMEOUT) this.pause(round);
    if (this.phase !== 'idle' || round < this.resumeAt) return;
    if (this.attempts === ATTEMPTS) {
      this.phase = 'stopped';
      return;
    }
    this.attempts++;
    this.ballot = this.nextBallot();
    this.promises.clear();
    this.phase = 'preparing';
    this.lastHeard = round;
    for (const acceptor of this.network.acceptors) this.network.send(acceptor, { type: 'prepare', ballot: this.ballot });
  }

  onPromise(message: Of<'promise'>, round: number): void {
    if (this.phase !== 'preparing' || message.ballot !== this.ballot || this.promises.has(message.source)) return;
    this.lastHeard = round;
    this.promises.set(message.source, { ballot: message.acceptedBallot, value: message.acceptedValue });
    if (this.promises.size < this.network.majority) return;
    let value = this.preference;
    let highest = 0;
    for (const prior of this.promises.values())
      if (prior.ballot > highest && prior.value !== null) [highest, value] = [prior.ballot, prior.value];
    this.phase = 'accepting';
    for (const acceptor of this.network.acceptors) this.network.send(acceptor, { type: 'request-accept', ballot: this.ballot, value });
  }

  /** An acceptor accepted this ballot: progress, so no timeout yet. */
  onAccept(message: Of<'accept'>, round: number): void {
    if (message.ballot === this.ballot) this.lastHeard = round;
  }

  onNack(message: Of<'nack'>, round: number): void {
    this.highestSeen = Math.max(this.highestSeen, message.promised);
    if (message.ballot === this.ballot && (this.phase === 'preparing' || this.phase === 'accepting')) this.pause(round);
  }

  /** The device learned the decision: nothing left to propose. */
  stop(): void {
    this.phase = 'stopped';
  }

  private pause(round: number): void {
    this.phase = 'idle';
    this.resumeAt = round + this.random.int(1, BACKOFF);
  }

  /** The smallest ballot above any seen that is this proposer's: ballots are k * devices + index + 1. */
  private nextBallot(): number {
    const { devices, index } = this.network;
    const floor = Math.max(this.highestSeen, this.ballot);
    const k = floor < index + 1 ? 0 : Math.floor((floor - index - 1) / devices) + 1;
    return k * devices + index + 1;
  }
}

/** Promises never to accept a lower ballot than one it promised, and accepts what that allows. */
export class Acceptor {
  private promised = 0;
  private accepted: { ballot: number; value: number | null } = { ballot: 0, value: null };

  constructor(private readonly network: PaxosNetwork) {}

  onPrepare({ source, ballot }: Of<'prepare'>): void {
    if (ballot <= this.promised) return this.refuse(source, ballot);
    this.promised = ballot;
    this.network.send(source, { type: 'promise', ballot, acceptedBallot: this.accepted.ballot, acceptedValue: this.accepted.value });
  }

  onRequestAccept({ source, ballot, value }: Of<'request-accept'>): void {
    if (ballot < this.promised) return this.refuse(source, ballot);
    this.promised = ballot;
    this.accepted = { ballot, value };
    for (const learner of this.network.learners) this.network.send(learner, { type: 'accept', ballot, value });
  }

  private refuse(proposer: number, ballot: number): void {
    this.network.send(proposer, { type: 'nack', ballot, promised: this.promised });
  }
}

/** Learns a value once a majority of acceptors accepted it under one ballot. */
export class Learner {
  private readonly accepts = new Map<number, Map<number, number>>();

  constructor(private readonly network: PaxosNetwork) {}

  /** The value this accept completes a majority for, if it does. */
  onAccept({ source, ballot, value }: Of<'accept'>): number | undefined {
    const byAcceptor = this.accepts.get(ballot) ?? new Map<number, number>();
    this.accepts.set(ballot, byAcceptor.set(source, value));
    return byAcceptor.size >= this.network.majority ? value : undefined;
  }
}
