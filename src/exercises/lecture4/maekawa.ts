import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { checkMutex } from './mutex-check.js';
import { MutexDevice, mutexOptions, mutexQuietRounds } from './mutex-device.js';
import { votingSet } from './voting-sets.js';

/**
 * Every message names the request it is about by that request's Lamport stamp (a device has one
 * request at a time): request, grant (a vote) and release as in the seed; failed, inquire and
 * relinquish are Sanders' answer to the deadlock the seed's version runs into.
 */
export const MaekawaMessage = z.object({
  type: z.enum(['request', 'grant', 'release', 'failed', 'inquire', 'relinquish']),
  ...messageIds,
  stamp: z.int().nonnegative(),
});
export type MaekawaMessage = z.infer<typeof MaekawaMessage>;

interface Vote {
  readonly requester: number;
  readonly stamp: number;
}

/** Lower (stamp, index) goes first. */
const before = (a: Vote, b: Vote): boolean => a.stamp < b.stamp || (a.stamp === b.stamp && a.requester < b.requester);

/**
 * Maekawa: a device asks only its voting set (its row and column of the seed's grid) and enters
 * when every member voted for it; each device votes for one request at a time. 3K messages per
 * entry for a set of K devices (request, grant, release), 3 sqrt(n) with Maekawa's optimal sets.
 *
 * The seed's version deadlocks when two requests each hold part of the other's votes. Here votes
 * are ordered by Lamport stamp: a voter that holds its vote for a younger request than one that
 * arrives asks it back (inquire); a requester that knows it cannot win yet (it got failed from
 * some voter) gives such votes back (relinquish), so the oldest request always gathers its set.
 * A device stops once it made its entries and voted for every request the others will ever send
 * it (each member of its set asks it `entries` times, and releases as often).
 */
export class Maekawa extends MutexDevice<MaekawaMessage> {
  protected readonly votingSet = votingSet(this.index, this.numberOfDevices);
  protected time = 0;
  // As a requester.
  protected stamp = 0;
  protected readonly votes = new Set<number>();
  protected readonly failedBy = new Set<number>();
  protected readonly inquiredBy = new Set<number>();
  // As a voter.
  protected lock: Vote | null = null;
  protected inquired = false;
  protected readonly waiting: Vote[] = [];
  protected readonly requestsFrom = new Array<number>(this.numberOfDevices).fill(0);
  protected readonly releasesFrom = new Array<number>(this.numberOfDevices).fill(0);

  protected onMessage(message: MaekawaMessage): void {
    const from = message.source;
    const vote: Vote = { requester: from, stamp: message.stamp };
    switch (message.type) {
      case 'request':
        this.time = Math.max(this.time, message.stamp) + 1;
        this.requestsFrom[from] = (this.requestsFrom[from] ?? 0) + 1;
        this.onRequest(vote);
        return;
      case 'release':
        this.releasesFrom[from] = (this.releasesFrom[from] ?? 0) + 1;
        if (this.holds(vote)) this.voteNext();
        return;
      case 'relinquish':
        if (!this.holds(vote)) return;
        this.waiting.push(vote);
        this.voteNext();
        return;
      case 'grant':
        if (!this.current(message.stamp)) return;
        this.votes.add(from);
        this.failedBy.delete(from);
        if (this.votes.size === this.votingSet.length) {
          this.inquiredBy.clear();
          this.enter();
        } else if (this.inquiredBy.has(from) && this.failedBy.size > 0) this.relinquish(from);
        return;
      case 'failed':
        if (!this.current(message.stamp)) return;
        this.failedBy.add(from);
        for (const voter of this.inquiredBy) if (this.votes.has(voter)) this.relinquish(voter);
        return;
      case 'inquire':
        if (!this.current(message.stamp)) return;
        if (this.votes.has(from) && this.failedBy.size > 0) this.relinquish(from);
        else this.inquiredBy.add(from);
        return;
    }
  }

  protected onWant(): void {
    this.time++;
    this.stamp = this.time;
    this.votes.clear();
    this.failedBy.clear();
    this.inquiredBy.clear();
    for (const voter of this.votingSet) this.send('request', voter, this.stamp);
  }

  protected onLeave(): void {
    for (const voter of this.votingSet) this.send('release', voter, this.stamp);
    this.votes.clear();
  }

  protected finished(): boolean {
    const entries = this.options.entries;
    return (
      this.ownWorkDone() &&
      this.lock === null &&
      this.waiting.length === 0 &&
      this.votingSet.every((member) => this.requestsFrom[member] === entries && this.releasesFrom[member] === entries)
    );
  }

  /** A voter's answer to a request: the vote if it is free; else queue it, and fail it or inquire. */
  private onRequest(request: Vote): void {
    const lock = this.lock;
    if (lock === null) {
      this.lock = request;
      this.send('grant', request.requester, request.stamp);
      return;
    }
    const head = this.head();
    this.waiting.push(request);
    if (before(lock, request) || (head !== undefined && before(head, request))) {
      this.send('failed', request.requester, request.stamp);
      return;
    }
    // The oldest request now: the holder is asked to give the vote back, and the old head of
    // the queue learns that it will not get this vote next.
    if (!this.inquired) {
      this.inquired = true;
      this.send('inquire', lock.requester, lock.stamp);
    }
    if (head !== undefined) this.send('failed', head.requester, head.stamp);
  }

  /** The vote is free again (released or relinquished): it goes to the oldest waiting request. */
  private voteNext(): void {
    this.lock = null;
    this.inquired = false;
    const head = this.head();
    if (head === undefined) return;
    this.waiting.splice(this.waiting.indexOf(head), 1);
    this.lock = head;
    this.send('grant', head.requester, head.stamp);
  }

  private relinquish(voter: number): void {
    this.votes.delete(voter);
    this.inquiredBy.delete(voter);
    // Queued behind an older request there now: as good as failed by that voter.
    this.failedBy.add(voter);
    this.send('relinquish', voter, this.stamp);
  }

  private head(): Vote | undefined {
    return this.waiting.reduce<Vote | undefined>((best, vote) => (best === undefined || before(vote, best) ? vote : best), undefined);
  }

  private holds(vote: Vote): boolean {
    return this.lock !== null && this.lock.requester === vote.requester && this.lock.stamp === vote.stamp;
  }

  /** Whether a message is about this device's pending request (not one already served). */
  private current(stamp: number): boolean {
    return this.wanting && stamp === this.stamp;
  }

  private send(type: MaekawaMessage['type'], destination: number, stamp: number): void {
    this.medium.send({ type, source: this.index, destination, stamp });
  }
}

/** The messages per entry with these voting sets: 3K on average, next to Maekawa's 3 sqrt(n). */
function maekawaFigure(n: number): string {
  const k = [...Array(n).keys()].reduce((sum, index) => sum + votingSet(index, n).length, 0) / n;
  return `3K = ${(3 * k).toFixed(1)} with K = ${k.toFixed(1)} devices per voting set; ~3 sqrt(n) = ${(3 * Math.sqrt(n)).toFixed(1)} with optimal sets`;
}

export const maekawaAlgorithm: Algorithm = {
  lecture: 4,
  name: 'Maekawa',
  summary: "ask only the voting set (the seed's grid row and column); one vote per voter at a time; deadlock-free; ~3K messages per entry",
  minDevices: 2,
  messages: MaekawaMessage,
  parseCopies: true,
  options: mutexOptions,
  quietRounds: mutexQuietRounds,
  create: fromClass(Maekawa),
  check: (results, trace, context) => checkMutex(results, trace, context, { figure: maekawaFigure }),
};
