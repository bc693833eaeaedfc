import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { Device, fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { ringNext } from '../ring.js';
import { checkElection } from './election-check.js';
import { electionOptions, initiates, validateElectionOptions, type ElectionOptions } from './election-options.js';

const id = z.int().nonnegative();

/**
 * The seed's Vote (a candidate, and whether it is decided), with the election's epoch: 0 is the
 * seed's election, 1 and up are re-elections after a crash, whose messages carry a number `mid`
 * that the receiver acknowledges (an `ack`), so that a crashed successor is noticed and skipped.
 */
export const ChangRobertsMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('vote'), ...messageIds, vote: id, decided: z.boolean(), epoch: id, mid: id.optional() }),
  z.object({ type: z.literal('ack'), ...messageIds, mid: id }),
]);
export type ChangRobertsMessage = z.infer<typeof ChangRobertsMessage>;
type Vote = Extract<ChangRobertsMessage, { type: 'vote' }>;

/** Rounds without any message (and undecided) before a device suspects a crash: an election takes about 2n. */
const silenceLimit = (options: ElectionOptions, n: number): number => options.timeout || 2 * n + 10;
/** Quiet rounds before a re-election message counts as lost to a crashed successor. */
const ACK_LIMIT = 4;

/**
 * Chang and Roberts on the unidirectional ring 0 -> 1 -> ... -> n-1 -> 0, as in the seed: each
 * initiator sends its own id; a device forwards a higher id, replaces a lower one by its own if it
 * has not voted yet and swallows it otherwise; an id that comes back to its owner has won, and the
 * owner sends it round once more, decided, which every device forwards before it stops. With every
 * device an initiator that is 3n-1 messages in 2n rounds, the seed's figures.
 *
 * A crash breaks the ring: what is sent to a crashed device is lost, and nobody decides, or the
 * winner's announcement stops half-way. A device that has heard nothing for a while (2n + 10
 * rounds, or `timeout`) and knows no leader starts a new epoch of the election, and a winner whose
 * announcement did not come back sends it round again in a new epoch; in those epochs every
 * message is acknowledged, and one unacknowledged for a few quiet rounds means that the successor
 * crashed (or has stopped, knowing the leader): it goes to the next device instead. Old epochs'
 * messages are dropped. The seed's election (epoch 0) costs nothing extra. One crash at any
 * moment is survived; a leader that crashes after it won stays the leader its followers know.
 */
export class ChangRoberts extends Device<ChangRobertsMessage, ElectionOptions> {
  protected leader: number | null = null;
  protected participated = false;
  protected epoch = 0;
  protected readonly crashed = new Set<number>();
  protected next: number | undefined = ringNext(this.index, this.numberOfDevices);
  /** Sent in a re-election and not acknowledged yet, with the quiet rounds since. */
  private unacked: { mid: number; vote: Omit<Vote, 'source' | 'destination' | 'mid'>; quiet: number }[] = [];
  private mids = 0;
  private silent = 0;
  /** Decided and the announcement passed on: the run loop returns once it is acknowledged. */
  protected done = false;

  async run(): Promise<void> {
    if (initiates(this.options, this.index)) this.propose();
    for (;;) {
      const messages = this.medium.receiveAll();
      for (const message of messages) this.onMessage(message);
      this.silent = messages.length === 0 ? this.silent + 1 : 0;
      if (messages.length === 0) for (const pending of this.unacked) pending.quiet++;
      if (this.unacked.some((pending) => pending.quiet >= ACK_LIMIT)) this.skipSuccessor();
      if (this.done && this.unacked.length === 0) return;
      if (this.silent >= silenceLimit(this.options, this.numberOfDevices)) {
        if (this.leader === null) this.reelect();
        else if (this.leader === this.index) this.reannounce();
      }
      await this.medium.waitForNextRound();
    }
  }

  override result(): { leader: number | null } {
    return { leader: this.leader };
  }

  protected onMessage(message: ChangRobertsMessage): void {
    if (message.type === 'ack') {
      this.unacked = this.unacked.filter((pending) => pending.mid !== message.mid);
      return;
    }
    if (message.mid !== undefined) this.medium.send({ type: 'ack', source: this.index, destination: message.source, mid: message.mid });
    if (message.epoch < this.epoch || this.done) return;
    if (message.epoch > this.epoch) {
      this.epoch = message.epoch;
      this.participated = false;
      this.unacked = [];
    }
    this.onVote(message.vote, message.decided);
  }

  /**
   * The seed's rules. The winner knows it when its own id comes back (the seed records it only
   * when the decided vote has gone round too; the election is over at the first moment).
   */
  protected onVote(vote: number, decided: boolean): void {
    if (decided) {
      if (vote !== this.index) {
        this.decide(vote);
        this.forward(vote, true);
      }
      this.done = true;
    } else if (vote === this.index) {
      this.decide(this.index);
      this.forward(this.index, true);
    } else if (vote > this.index) {
      this.participated = true;
      this.forward(vote, false);
    } else if (!this.participated) {
      this.propose();
    }
  }

  protected propose(): void {
    this.participated = true;
    this.forward(this.index, false);
  }

  protected decide(leader: number): void {
    this.leader = leader;
    this.medium.mark('leader', { leader });
  }

  /** To the next live device on the ring; acknowledged from epoch 1 on. */
  protected forward(vote: number, decided: boolean): void {
    const next = this.next;
    if (next === undefined) return;
    const body = { type: 'vote', vote, decided, epoch: this.epoch } as const;
    if (this.epoch === 0) {
      this.medium.send({ ...body, source: this.index, destination: next });
      return;
    }
    const mid = ++this.mids;
    this.unacked.push({ mid, vote: body, quiet: 0 });
    this.medium.send({ ...body, source: this.index, destination: next, mid });
  }

  /** Nothing for too long: a crash broke the ring; a new epoch, with acknowledgements, begins here. */
  protected reelect(): void {
    this.epoch++;
    this.silent = 0;
    this.unacked = [];
    this.propose();
  }

  /** The winner's decided vote did not come back: a crash broke the ring; it goes round again, acknowledged. */
  protected reannounce(): void {
    this.epoch++;
    this.silent = 0;
    this.unacked = [];
    this.forward(this.index, true);
  }

  /** The successor did not acknowledge: it crashed; what it was sent goes to the next one. */
  private skipSuccessor(): void {
    if (this.next !== undefined) this.crashed.add(this.next);
    this.next = ringNext(this.index, this.numberOfDevices, (device) => !this.crashed.has(device));
    const resend = this.unacked;
    this.unacked = [];
    if (this.next === undefined) {
      // Everybody else crashed.
      if (this.leader === null) this.decide(this.index);
      this.done = true;
      return;
    }
    for (const { vote } of resend) this.forward(vote.vote, vote.decided);
  }
}

export const changRobertsAlgorithm: Algorithm = {
  lecture: 7,
  name: 'ChangRoberts',
  summary: 'unidirectional ring: forward higher ids, swallow lower ones; the id that comes back wins; survives crashes by re-electing',
  minDevices: 2,
  messages: ChangRobertsMessage,
  parseCopies: true,
  options: electionOptions,
  validateOptions: validateElectionOptions,
  quietRounds: (options, n) => silenceLimit(electionOptions.parse(options), n) + 50,
  create: fromClass(ChangRoberts),
  check: (results, trace, context) =>
    checkElection(results, trace, context, {
      announces: (event) =>
        event.msg?.type === 'vote' && event.msg.decided === true && typeof event.msg.vote === 'number' ? event.msg.vote : null,
      figure: (n) =>
        `3n-1 = ${3 * n - 1} when every device initiates; at most n(n+1)/2 + n = ${(n * (n + 1)) / 2 + n} when ids descend along the ring`,
    }),
};
