import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { Device, fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { checkElection } from './election-check.js';
import { electionOptions, initiates, validateElectionOptions, type ElectionOptions } from './election-options.js';

/** The textbook's three messages (the seed folds them all into its Vote). */
export const BullyMessage = z.object({ type: z.enum(['election', 'answer', 'coordinator']), ...messageIds });
export type BullyMessage = z.infer<typeof BullyMessage>;

/** Quiet rounds to wait for an answer: one comes two rounds after the election in sync. */
const answerLimit = (options: ElectionOptions): number => options.timeout || 4;
/** Quiet rounds to wait for the coordinator after an answer, before electing again. */
const coordinatorLimit = (options: ElectionOptions): number => 4 * answerLimit(options);

/**
 * Garcia-Molina's bully algorithm, for a synchronous system (it needs a bound on how long an
 * answer takes). An initiator sends `election` to every higher id; a device that gets one answers
 * it and starts its own election; a device that hears no answer within the timeout is the highest
 * alive and tells every lower device it is the `coordinator`; one that was answered waits for
 * that, and elects again if it does not come. The highest device wins at once. A device that
 * hears of no election at all for as long starts one too (the initiators may all have crashed).
 *
 * The seed's Bully (exercise 4) lets a device that heard nothing for one round proclaim itself,
 * before any answer could arrive: device 0 always elects itself while the others elect n-1.
 * Timeouts here count quiet rounds (nothing arrived), which are ticks of time in async on either
 * transport.
 */
export class Bully extends Device<BullyMessage, ElectionOptions> {
  protected leader: number | null = null;
  protected electing = false;
  protected answered = false;
  /** Quiet rounds since the election began, the last answer, or (not electing yet) the start. */
  protected quiet = 0;

  async run(): Promise<void> {
    if (initiates(this.options, this.index)) this.startElection();
    while (!this.decided()) {
      const messages = this.medium.receiveAll();
      this.onMessages(messages);
      if (this.decided()) return;
      if (messages.length === 0) this.quiet++;
      if (this.electing && !this.answered && this.quiet >= answerLimit(this.options)) this.proclaim();
      else if (this.quiet >= coordinatorLimit(this.options) && (this.answered || !this.electing)) this.startElection();
      if (this.decided()) return;
      await this.medium.waitForNextRound();
    }
  }

  protected decided(): boolean {
    return this.leader !== null;
  }

  override result(): { leader: number | null } {
    return { leader: this.leader };
  }

  protected onMessages(messages: readonly BullyMessage[]): void {
    const coordinators = messages.filter((m) => m.type === 'coordinator').map((m) => m.source);
    const coordinator = coordinators.length === 0 ? undefined : Math.max(...coordinators);
    if (coordinator !== undefined && coordinator > this.index) {
      this.follow(coordinator);
      return;
    }
    for (const message of messages) {
      if (message.type === 'answer') {
        this.answered = true;
        this.quiet = 0;
      } else if (message.type === 'election' && message.source < this.index) {
        this.medium.send({ type: 'answer', source: this.index, destination: message.source });
      }
    }
    // An election from below, or a lower device proclaiming itself: this one is higher, so it runs.
    const challenged = messages.some((m) => m.type !== 'answer' && m.source < this.index);
    if (challenged && !this.electing) this.startElection();
  }

  protected startElection(): void {
    this.electing = true;
    this.answered = false;
    this.quiet = 0;
    const higher = this.medium.ids.filter((id) => id > this.index);
    for (const id of higher) this.medium.send({ type: 'election', source: this.index, destination: id });
    if (higher.length === 0) this.proclaim();
  }

  /** Nobody higher answered: this device leads, and says so to every lower one. */
  protected proclaim(): void {
    for (const id of this.medium.ids) if (id < this.index) this.medium.send({ type: 'coordinator', source: this.index, destination: id });
    this.follow(this.index);
  }

  protected follow(leader: number): void {
    this.leader = leader;
    this.medium.mark('leader', { leader });
  }
}

export const bullyAlgorithm: Algorithm = {
  lecture: 7,
  name: 'Bully',
  summary: 'elections go to higher ids, answers come back; unanswered, a device proclaims itself coordinator; survives crashes',
  minDevices: 2,
  messages: BullyMessage,
  parseCopies: true,
  options: electionOptions,
  validateOptions: validateElectionOptions,
  quietRounds: (options) => 2 * coordinatorLimit(electionOptions.parse(options)) + 50,
  create: fromClass(Bully),
  check: (results, trace, context) =>
    checkElection(results, trace, context, {
      announces: (event) => (event.type === 'coordinator' ? event.src : null),
      figure: (n) => `from n-1 = ${n - 1} when the highest starts to O(n^2) when the lowest does`,
    }),
};
