import { LoopDevice } from '../systems/loop-device.js';
import type { ChordMessage, LookupMessage } from './chord-messages.js';
import type { ChordOptions } from './chord-options.js';
import { ADDRESS_BITS, ADDRESS_SPACE, fingerStart, inHalfOpen, inOpen, type NodeRef } from './chord-ring.js';

/** A lookup that went this far is going round in circles: it is dropped (and marked). */
const MAX_HOPS = ADDRESS_SPACE;

export interface ChordNodeResult {
  readonly role: 'node';
  readonly chordId: number | null;
  readonly prev: NodeRef | null;
  readonly fingers: NodeRef[];
  /** Keys held here, ascending. */
  readonly keys: number[];
}

/**
 * A Chord node of the seed's 6-bit ring. A lookup (PUT, GET, join, fix_fingers) that is not for
 * this node (`isRequestForMe`: the key lies in (predecessor, me]) goes to `nextHop`: the successor
 * if the key lies between this node and it, else the finger closest before the key. Every
 * `stabilize` rounds a node asks its successor for its predecessor, adopts that node as its
 * successor if it lies in between, and notifies its successor, which hands the keys that are no
 * longer its own to a new predecessor; it also refreshes one finger. A node outside the ring joins
 * by looking up its own id through a node of the ring; it tells the client once it has its keys,
 * its predecessor's notify and all its fingers.
 */
export class ChordNode extends LoopDevice<ChordMessage, ChordOptions> {
  chordId: number | null = null;
  prev: NodeRef | null = null;
  /** fingers[0] is the successor. */
  fingers: NodeRef[] = [];
  readonly saved = new Map<number, string>();
  /** Lookups that came before this node was in the ring. */
  private deferred: LookupMessage[] = [];
  private nextFinger = 1;
  private joining: { client: number; transfer: boolean; notified: boolean; fingers: Set<number> } | null = null;

  protected handle(message: ChordMessage): void {
    switch (message.type) {
      case 'RoutingData':
        this.chordId = message.chordId;
        this.prev = message.prev;
        this.fingers = [...message.fingerTable];
        this.replayDeferred();
        return;
      case 'Put':
      case 'GetReq':
      case 'JoinReq':
      case 'FindSuccessorReq':
        if (this.fingers.length === 0) this.deferred.push(message);
        else this.lookup(message);
        return;
      case 'StartJoin':
        this.chordId = message.chordId;
        this.joining = { client: message.source, transfer: false, notified: false, fingers: new Set() };
        this.tell(message.entry, { type: 'JoinReq', key: message.chordId, requester: this.index, request: 0, hops: 0 });
        return;
      case 'JoinRsp':
        this.joined(message.successor, message.prev);
        return;
      case 'Stabilize':
        this.tell(message.source, { type: 'StabilizeRsp', prev: this.prev });
        return;
      case 'StabilizeRsp':
        this.stabilized(message.prev);
        return;
      case 'Notify':
        this.notified(message.node);
        return;
      case 'Transfer':
        for (const { key, data } of message.items) this.store(key, data);
        if (this.joining) this.joining.transfer = true;
        this.joinProgress();
        return;
      case 'FindSuccessorRsp':
        this.setFinger(message.request, message.node);
        return;
      case 'Quit':
        this.stop();
        return;
      case 'PutRsp':
      case 'GetRsp':
      case 'JoinDone':
        return;
    }
  }

  /** Every `stabilize` rounds: stabilize with the successor and refresh one finger. */
  protected override work(): void {
    const me = this.me();
    const successor = this.fingers[0];
    if (me === undefined || successor === undefined || this.round % this.options.stabilize !== 0) return;
    if (successor[0] !== this.index) this.tell(successor[0], { type: 'Stabilize' });
    this.lookup({
      type: 'FindSuccessorReq',
      source: this.index,
      destination: this.index,
      key: fingerStart(me[1], this.nextFinger),
      requester: this.index,
      request: this.nextFinger,
      hops: 0,
    });
    this.nextFinger = (this.nextFinger % (ADDRESS_BITS - 1)) + 1;
  }

  /** The seed's is_request_for_me: the key lies in (predecessor, me]. */
  protected isRequestForMe(key: number): boolean {
    return this.chordId !== null && this.prev !== null && inHalfOpen(key, this.prev[1], this.chordId);
  }

  /** The seed's next_hop: the successor if the key lies before it, else the closest finger before the key. */
  protected nextHop(key: number): NodeRef {
    const id = this.chordId ?? 0;
    const successor = this.fingers[0] as NodeRef;
    if (inHalfOpen(key, id, successor[1])) return successor;
    for (let finger = this.fingers.length - 1; finger >= 0; finger--) {
      const node = this.fingers[finger] as NodeRef;
      if (inOpen(node[1], id, key)) return node;
    }
    return successor;
  }

  private lookup(message: LookupMessage): void {
    if (this.isRequestForMe(message.key)) {
      this.answer(message);
      return;
    }
    if (message.hops >= MAX_HOPS) {
      this.medium.mark('lost', { type: message.type, key: message.key, request: message.request });
      return;
    }
    const next = this.nextHop(message.key);
    this.medium.send({ ...message, source: this.index, destination: next[0], hops: message.hops + 1 });
  }

  private answer(message: LookupMessage): void {
    const me = this.me() as NodeRef;
    switch (message.type) {
      case 'Put':
        this.store(message.key, message.data);
        this.tell(message.requester, { type: 'PutRsp', key: message.key, request: message.request });
        return;
      case 'GetReq':
        this.tell(message.requester, {
          type: 'GetRsp',
          key: message.key,
          request: message.request,
          data: this.saved.get(message.key) ?? null,
        });
        return;
      case 'JoinReq':
        this.tell(message.requester, { type: 'JoinRsp', successor: me, prev: this.prev });
        return;
      case 'FindSuccessorReq':
        if (message.requester === this.index) this.setFinger(message.request, me);
        else this.tell(message.requester, { type: 'FindSuccessorRsp', key: message.key, request: message.request, node: me });
        return;
    }
  }

  private store(key: number, data: string): void {
    this.saved.set(key, data);
    this.medium.mark('store', { key });
  }

  /** The join's lookup answered: in the ring, with every finger at the successor until fix_fingers finds better. */
  private joined(successor: NodeRef, prev: NodeRef | null): void {
    const me = this.me();
    if (me === undefined) return;
    this.prev = prev;
    this.fingers = Array.from({ length: ADDRESS_BITS }, () => successor);
    for (let finger = 1; finger < ADDRESS_BITS; finger++) {
      this.joining?.fingers.add(finger);
      this.lookup({
        type: 'FindSuccessorReq',
        source: this.index,
        destination: this.index,
        key: fingerStart(me[1], finger),
        requester: this.index,
        request: finger,
        hops: 0,
      });
    }
    this.replayDeferred();
  }

  private stabilized(successorsPrev: NodeRef | null): void {
    const me = this.me();
    const successor = this.fingers[0];
    if (me === undefined || successor === undefined) return;
    if (successorsPrev !== null && inOpen(successorsPrev[1], me[1], successor[1])) this.fingers[0] = successorsPrev;
    const next = this.fingers[0] as NodeRef;
    if (next[0] !== this.index) this.tell(next[0], { type: 'Notify', node: me });
  }

  /** A node says it may be this node's predecessor: if it is closer, the keys up to it become its. */
  private notified(candidate: NodeRef): void {
    const me = this.me();
    if (me === undefined) return;
    if (this.prev !== null && candidate[0] === this.prev[0]) {
      if (this.joining) this.joining.notified = true;
      this.joinProgress();
      return;
    }
    if (this.prev !== null && !inOpen(candidate[1], this.prev[1], me[1])) return;
    this.prev = candidate;
    const leaving = [...this.saved].filter(([key]) => !inHalfOpen(key, candidate[1], me[1]));
    for (const [key] of leaving) this.saved.delete(key);
    if (leaving.length > 0) this.medium.mark('handoff', { keys: leaving.map(([key]) => key), to: candidate[0] });
    this.tell(candidate[0], { type: 'Transfer', items: leaving.map(([key, data]) => ({ key, data })) });
  }

  private setFinger(finger: number, node: NodeRef): void {
    if (finger <= 0 || finger >= ADDRESS_BITS || this.fingers.length === 0) return;
    this.fingers[finger] = node;
    this.joining?.fingers.delete(finger);
    this.joinProgress();
  }

  /** The join is done once the keys came, the predecessor notified and every finger is known. */
  private joinProgress(): void {
    const joining = this.joining;
    if (!joining || !joining.transfer || !joining.notified || joining.fingers.size > 0 || this.chordId === null) return;
    this.joining = null;
    this.tell(joining.client, { type: 'JoinDone', chordId: this.chordId });
  }

  private replayDeferred(): void {
    const waiting = this.deferred;
    this.deferred = [];
    for (const message of waiting) this.lookup(message);
  }

  private me(): NodeRef | undefined {
    return this.chordId === null ? undefined : [this.index, this.chordId];
  }

  override result(): ChordNodeResult {
    return {
      role: 'node',
      chordId: this.chordId,
      prev: this.prev,
      fingers: [...this.fingers],
      keys: [...this.saved.keys()].sort((a, b) => a - b),
    };
  }
}
