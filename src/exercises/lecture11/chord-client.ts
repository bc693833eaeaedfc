import { LoopDevice } from '../systems/loop-device.js';
import type { ChordMessage } from './chord-messages.js';
import { ENTRY, JOINER, type ChordOptions } from './chord-options.js';
import { ADDRESS_BITS, ADDRESS_SPACE, fingerTable, predecessorOf, type NodeRef } from './chord-ring.js';

/** Rounds a phase may take before the client gives up on its missing answers and goes on. */
const PATIENCE = 300;

type Phase = 'put' | 'get' | 'join' | 'settle' | 'reget' | 'done';

export interface ChordClientResult {
  readonly role: 'client';
  readonly ring: NodeRef[];
  readonly keys: number;
  readonly answered: { readonly put: number; readonly get: number; readonly reget: number };
  /** GETs answered with other data than was PUT. */
  readonly wrong: number;
  readonly joined: number | null;
}

/**
 * The seed's client, completed. It draws the ring's ids and hands each node its routing data
 * (the seed's init_routing_tables), PUTs its keys through one node of the ring and waits for
 * every answer, GETs them all, starts the join of the device outside the ring, waits until that
 * node says it is in and until every finger could have been refreshed, GETs every key again and
 * tells everyone to quit. A phase whose answers do not all come is given up after a while.
 */
export class ChordClient extends LoopDevice<ChordMessage, ChordOptions> {
  protected ring: NodeRef[] = [];
  private joinerId = 0;
  private keys: number[] = [];
  private phase: Phase = 'put';
  private phaseStarted = 0;
  private started = false;
  private nextRequest = 0;
  private readonly waiting = new Map<number, number>();
  private readonly answered = { put: 0, get: 0, reget: 0 };
  private wrong = 0;
  private joined: number | null = null;

  protected override start(): void {
    const ids = this.medium.random.shuffle([...Array(ADDRESS_SPACE).keys()]).slice(0, this.numberOfDevices - 1);
    this.joinerId = ids.pop() ?? 0;
    this.ring = ids.map((id, at): NodeRef => [ENTRY + at, id]);
    for (const node of this.ring) {
      this.tell(node[0], {
        type: 'RoutingData',
        chordId: node[1],
        prev: predecessorOf(this.ring, node),
        fingerTable: this.fingersFor(node),
      });
    }
    const all = [...Array(ADDRESS_SPACE).keys()];
    this.keys =
      this.options.keys === ADDRESS_SPACE
        ? all
        : this.medium.random
            .shuffle(all)
            .slice(0, this.options.keys)
            .sort((a, b) => a - b);
  }

  /** The finger table a node gets: finger i is the successor of id + 2^i. */
  protected fingersFor(node: NodeRef): NodeRef[] {
    return fingerTable(this.ring, node);
  }

  protected handle(message: ChordMessage): void {
    switch (message.type) {
      case 'PutRsp':
        if (this.waiting.delete(message.request)) this.answered.put++;
        return;
      case 'GetRsp': {
        const key = this.waiting.get(message.request);
        if (key === undefined) return;
        this.waiting.delete(message.request);
        this.answered[this.phase === 'reget' ? 'reget' : 'get']++;
        if (message.data !== valueOf(key)) this.wrong++;
        return;
      }
      case 'JoinDone':
        this.joined = message.chordId;
        return;
      default:
        return;
    }
  }

  protected override work(): void {
    if (!this.started) {
      // The routing data went out in round 0; the requests follow.
      this.started = true;
      this.request('put');
      return;
    }
    const late = this.round - this.phaseStarted > PATIENCE;
    switch (this.phase) {
      case 'put':
        if (this.waiting.size === 0 || late) this.request('get');
        return;
      case 'get':
        if (this.waiting.size === 0 || late) this.enter('join');
        return;
      case 'join':
        if (this.joined !== null || late) this.enter('settle');
        return;
      case 'settle':
        // Long enough for every node to refresh every finger once, and for the last lookups to return.
        if (this.round - this.phaseStarted > (ADDRESS_BITS - 1) * this.options.stabilize + 2 * ADDRESS_BITS) this.request('reget');
        return;
      case 'reget':
        if (this.waiting.size === 0 || late) this.enter('done');
        return;
      case 'done':
        return;
    }
  }

  private enter(phase: Phase): void {
    this.phase = phase;
    this.phaseStarted = this.round;
    this.waiting.clear();
    if (phase === 'join') this.tell(JOINER, { type: 'StartJoin', chordId: this.joinerId, entry: ENTRY });
    if (phase === 'done') {
      for (let device = 1; device < this.numberOfDevices; device++) this.tell(device, { type: 'Quit' });
      this.stop();
    }
  }

  /** A PUT or GET of every key, each through the entry node. */
  private request(phase: 'put' | 'get' | 'reget'): void {
    this.enter(phase);
    for (const key of this.keys) {
      const request = this.nextRequest++;
      this.waiting.set(request, key);
      if (phase === 'put') this.tell(ENTRY, { type: 'Put', key, requester: this.index, request, hops: 0, data: valueOf(key) });
      else this.tell(ENTRY, { type: 'GetReq', key, requester: this.index, request, hops: 0 });
    }
  }

  override result(): ChordClientResult {
    return {
      role: 'client',
      ring: this.ring,
      keys: this.keys.length,
      answered: { ...this.answered },
      wrong: this.wrong,
      joined: this.joined,
    };
  }
}

/** What the client PUTs under a key (the seed: "hello"). */
export const valueOf = (key: number): string => `hello ${key}`;
