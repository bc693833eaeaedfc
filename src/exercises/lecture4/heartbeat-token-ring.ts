import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { ringBetween, ringNext } from '../ring.js';
import { checkHeartbeatRing } from './heartbeat-ring-check.js';
import { heartbeatRingOptions, lapRounds, validateHeartbeatRingOptions, type HeartbeatRingOptions } from './heartbeat-ring-options.js';
import { MutexDevice } from './mutex-device.js';
import { RingMembership } from './ring-membership.js';

const id = z.int().nonnegative();
const ids = z.array(id);

/**
 * The token carries the ring: its members, who has finished, who crashed, and a number that grows
 * with every pass (which tells whether a crashed device took it along). A repair tells the member
 * after a crashed one who crashed and which token went into the gap; a join asks a member to let
 * a device in.
 */
export const HeartbeatRingMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('token'), ...messageIds, seq: id, members: ids, finished: ids, gone: ids, closing: id.nullable() }),
  z.object({ type: z.literal('heartbeat'), ...messageIds }),
  z.object({ type: z.literal('repair'), ...messageIds, members: ids, gone: ids, seq: id }),
  z.object({ type: z.literal('join'), ...messageIds }),
]);
export type HeartbeatRingMessage = z.infer<typeof HeartbeatRingMessage>;
type Token = Omit<Extract<HeartbeatRingMessage, { type: 'token' }>, 'type' | 'source' | 'destination'>;

/** The number of the token the first holder starts with; each pass adds one. */
const FIRST_TOKEN = 1;

const union = (...lists: Iterable<number>[]): number[] => [...new Set(lists.flatMap((list) => [...list]))].sort((a, b) => a - b);

/**
 * The seed's bonus exercise: the token ring with heartbeats, which survives a crashed device and
 * lets a device join. The ring is the members in index order. Every member sends a heartbeat to
 * its predecessor every `heartbeat` rounds, and watches the successor it last handed the token to:
 * silent for `timeout` rounds, that one has crashed. The watcher marks it gone, takes the next
 * member as its successor and sends it a repair with the number of the token it last passed to
 * the crashed one; if the new successor never saw a higher number, the token died with the
 * crashed device, and it makes a new one. (Timeouts assume that a heartbeat takes less than
 * `timeout` rounds: with long --delay, raise it.)
 *
 * A device listed in `join` asks a member at round `joinAt` (and again, a lap later, another one
 * if the token has not come); that member puts it into the token's member list when it passes the
 * token, so its predecessor hands it the token when the token gets there, and watches it from
 * then on. Membership only grows by joins and shrinks by crashes, so views are merged by union
 * (minus the crashed), which makes the order in which news arrives irrelevant.
 *
 * The ring stops when the token shows every device finished or crashed (a joiner that never asked
 * is given up after a few laps): its holder sends it round once more, closing; each member stops
 * as it passes it on, and the holder when it comes back.
 */
export class HeartbeatTokenRing extends MutexDevice<HeartbeatRingMessage, HeartbeatRingOptions> {
  protected readonly joiners = new Set(this.options.join);
  /** The ring as this device knows it (a joiner knows none until the token or a repair reaches it). */
  protected readonly ring = new RingMembership(
    this.numberOfDevices,
    this.joiners.has(this.index) ? [] : this.medium.ids.filter((device) => !this.joiners.has(device)),
  );
  protected token: Token | null = null;
  /** The lowest device that does not join later starts with the token. */
  protected readonly firstHolder = Math.min(...this.medium.ids.filter((device) => !this.joiners.has(device)));
  /** The number of the last token this device received (or made); 0: none yet. */
  protected lastSeq = 0;
  /** The last pass this device made. */
  protected lastPass: { to: number; seq: number } | null = null;
  /** Who last handed this device the token, and who last sent it a repair: they watch it. */
  protected lastFrom: number | undefined;
  protected lastRepairer: number | undefined;
  protected finishedSeen: number[] = [];
  /** Devices that asked this one to join: they go into the token's members when it passes. */
  protected readonly joining = new Set<number>();
  private watching: number | undefined;
  private silence = 0;
  private heardWatched = false;
  private joinTries = 0;
  private nextJoin = this.options.joinAt;
  private leaving = false;
  private stopped = false;

  protected override onStart(): void {
    // In the first ring, each device is watched by its predecessor before any pass.
    if (this.member()) this.lastFrom = this.ring.previous(this.index);
    if (this.index === this.firstHolder) {
      this.token = { seq: FIRST_TOKEN, members: this.ring.members(), finished: [], gone: [], closing: null };
      this.lastSeq = FIRST_TOKEN;
    }
  }

  protected onMessage(message: HeartbeatRingMessage): void {
    const from = message.source;
    if (from === this.watching) this.heardWatched = true;
    if (message.type === 'join') {
      // Not in this device's own view yet: the joiner becomes a member when the token reaches it.
      if (!this.ring.hasCrashed(from)) this.joining.add(from);
    } else if (message.type === 'repair') {
      // The repairer's ring has this device in it (a joiner whose predecessor crashed learns so here).
      this.lastRepairer = from;
      this.learn(message.members, message.gone);
      if (this.token === null && this.lastSeq < message.seq) this.regenerate(message.seq);
    } else if (message.type === 'token') {
      this.learn(message.members, message.gone);
      this.token = { seq: message.seq, members: message.members, finished: message.finished, gone: message.gone, closing: message.closing };
      this.lastSeq = message.seq;
      this.finishedSeen = message.finished;
      this.lastFrom = from;
    }
  }

  /** A ring that includes this device: its members join the view, its crashed leave it. */
  protected learn(members: readonly number[], crashed: readonly number[]): void {
    this.ring.learn(members, crashed);
    this.ring.add(this.index);
  }

  protected onWant(): void {
    // The token will come round.
  }

  protected onLeave(): void {
    this.leaving = true;
  }

  protected override onRound(): void {
    if (!this.member()) {
      this.askToJoin();
      return;
    }
    this.beat();
    this.watch();
    const token = this.token;
    if (token === null || this.inside) return;
    if (token.closing !== null) {
      // The last lap: pass it on and stop; its starter stops when it comes back.
      const next = this.ring.next(this.index);
      if (token.closing !== this.index && next !== undefined) this.pass(next, token);
      this.stopped = true;
      return;
    }
    if (this.wanting && !this.leaving) {
      this.enter();
      return;
    }
    const finished = union(token.finished, this.finishedSeen, this.ownWorkDone() ? [this.index] : []);
    const gone = union(token.gone, this.ring.crashedOnes());
    const members = union(token.members, this.ring.members(), this.joining).filter((device) => !this.ring.hasCrashed(device));
    const closing = this.everyoneAccounted(finished, gone) ? this.index : null;
    const merged = { seq: token.seq, members, finished, gone, closing };
    // The token's members, not this device's view: a joiner it just let in may come next.
    const next = ringNext(this.index, this.numberOfDevices, (device) => members.includes(device));
    if (next === undefined) {
      // Alone in the ring: keep the token.
      this.token = merged;
      this.leaving = false;
      if (closing !== null) this.stopped = true;
      return;
    }
    this.pass(next, merged);
  }

  protected finished(): boolean {
    return this.stopped;
  }

  protected member(): boolean {
    return this.ring.everJoined(this.index);
  }

  /**
   * To the predecessor, and to the devices that watch this one if they differ: the last that
   * handed it the token or sent it a repair (a newcomer between them may not have taken over yet).
   */
  private beat(): void {
    if (this.rounds % this.options.heartbeat !== 0) return;
    for (const to of new Set([this.ring.previous(this.index), this.lastFrom, this.lastRepairer])) {
      if (to !== undefined && to !== this.index && !this.ring.hasCrashed(to))
        this.medium.send({ type: 'heartbeat', source: this.index, destination: to });
    }
  }

  /**
   * Watches the device this one last handed the token to (a member for sure, which beats back to
   * it), or after a crash the next member. Before its first pass, a device of the first ring
   * watches its successor; a joiner watches nobody (its successor may not know it yet).
   */
  private watch(): void {
    const handedTo = this.lastPass?.to;
    const watched =
      handedTo !== undefined && !this.ring.hasCrashed(handedTo)
        ? handedTo
        : handedTo === undefined && this.joiners.has(this.index)
          ? undefined
          : this.ring.next(this.index);
    if (watched !== this.watching) {
      this.watching = watched;
      this.silence = 0;
    } else if (this.heardWatched) {
      this.silence = 0;
    } else {
      this.silence++;
    }
    this.heardWatched = false;
    if (watched === undefined || this.silence < this.options.timeout) return;
    this.ring.crash(watched);
    this.medium.mark('suspects', { device: watched });
    const next = this.ring.next(this.index);
    const seq = this.lostInGap(next);
    if (next !== undefined)
      this.medium.send({
        type: 'repair',
        source: this.index,
        destination: next,
        members: this.ring.members(),
        gone: this.ring.crashedOnes(),
        seq,
      });
    // Alone: nobody else can hold the token (the others crashed, or stopped with the last lap).
    else if (this.token === null) this.regenerate(seq);
  }

  /**
   * Which token may have died in the gap of crashed devices before `next`: the one this device
   * last passed into it, or the first one if it never passed and the gap holds the first holder.
   * The next member makes a new token if it never saw that one or a later one. 0: none.
   */
  private lostInGap(next: number | undefined): number {
    // Holding the token, or having had it back since the last pass: nothing was lost in the gap.
    if (this.token !== null) return 0;
    const pass = this.lastPass;
    if (pass !== null) return this.ring.hasCrashed(pass.to) && pass.seq > this.lastSeq ? pass.seq : 0;
    const end = next ?? this.index;
    const first = this.firstHolder;
    const inGap = first !== this.index && (end === this.index || ringBetween(this.index, first, end, this.numberOfDevices));
    return inGap && this.ring.hasCrashed(first) ? FIRST_TOKEN : 0;
  }

  /** The token died with a crashed device: a new one, with what this device knows. */
  private regenerate(after: number): void {
    const seq = Math.max(after, this.lastSeq) + 1;
    const members = union(this.ring.members(), this.joining);
    this.token = { seq, members, finished: this.finishedSeen, gone: this.ring.crashedOnes(), closing: null };
    this.lastSeq = seq;
    this.medium.mark('regenerates', { seq });
  }

  /** Every device finished or crashed; a joiner that never asked is given up after a few laps. */
  private everyoneAccounted(finished: readonly number[], gone: readonly number[]): boolean {
    const giveUp = this.options.joinAt + 3 * lapRounds(this.options, this.numberOfDevices);
    return this.medium.ids.every(
      (device) =>
        finished.includes(device) ||
        gone.includes(device) ||
        (this.joiners.has(device) && !this.ring.everJoined(device) && this.rounds >= giveUp),
    );
  }

  private askToJoin(): void {
    if (this.rounds < this.nextJoin) return;
    const members = this.medium.ids.filter((device) => !this.joiners.has(device));
    if (this.joinTries >= 2 * members.length) {
      // Nobody let it in (the ring took it for crashed, or has stopped): it gives up.
      this.stopped = true;
      return;
    }
    const contact = members[this.joinTries % members.length] ?? 0;
    this.joinTries++;
    this.nextJoin = this.rounds + lapRounds(this.options, this.numberOfDevices);
    this.medium.send({ type: 'join', source: this.index, destination: contact });
  }

  private pass(next: number, token: Token): void {
    const seq = token.seq + 1;
    // The token's members are this device's view now, newcomers it let in included.
    for (const device of token.members) this.ring.add(device);
    this.token = null;
    this.leaving = false;
    this.finishedSeen = token.finished;
    this.lastPass = { to: next, seq };
    this.medium.send({ type: 'token', source: this.index, destination: next, ...token, seq });
  }
}

export const heartbeatTokenRingAlgorithm: Algorithm = {
  lecture: 4,
  name: 'HeartbeatTokenRing',
  summary: 'the token ring with heartbeats: survives a crashed device (--crash), lets devices join (--option join=...)',
  minDevices: 2,
  messages: HeartbeatRingMessage,
  parseCopies: true,
  options: heartbeatRingOptions,
  validateOptions: validateHeartbeatRingOptions,
  // Heartbeats never fall silent while two members run; one alone waits for joiners that may never come.
  quietRounds: (options, devices) => {
    const parsed = heartbeatRingOptions.parse(options);
    return parsed.joinAt + 3 * lapRounds(parsed, devices) + 50;
  },
  create: fromClass(HeartbeatTokenRing),
  check: checkHeartbeatRing,
};
