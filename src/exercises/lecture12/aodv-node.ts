import { z } from 'zod';
import { intOption } from '../options.js';
import { LoopDevice } from '../systems/loop-device.js';
import type { AodvMessage, DataMessage } from './aodv-messages.js';
import { randomRadioGraph } from './radio-graph.js';

export const aodvOptions = z.strictObject({
  arc: intOption('chance in percent that two devices are in radio range (the seed: 20; fewer for many devices)', {
    min: 1,
    max: 100,
    fallback: 20,
  }),
  messages: intOption('data messages each device sends, each to a random other device', { min: 1, max: 20, fallback: 1 }),
});
export type AodvOptions = z.infer<typeof aodvOptions>;

/** Rounds a device waits for a route reply before it floods its request again. */
export const RREQ_RETRY_ROUNDS = 20;
/** Floods per destination before a device gives up on it (the data stays in its cache). */
const RREQ_TRIES = 3;

export interface AodvResult {
  readonly role: 'aodv';
  readonly neighbours: number[];
  /** destination -> next hop */
  readonly forwardPaths: Record<string, number>;
  /** source -> next hop */
  readonly reversePaths: Record<string, number>;
  /** Ids of the data messages delivered here. */
  readonly received: string[];
  /** Data still waiting for a route: empty when the protocol did its job. */
  readonly cached: string[];
}

/**
 * AODV on a radio graph: a device may send only to the devices in its range. Data for a
 * destination without a known next hop waits in the cache while a route request floods the graph
 * (each device passes a flood on once, remembering where it came from: the reverse path); the
 * destination answers with a route reply that travels back along the reverse path, and every
 * device on the way learns the forward path. The source then sends its cached data. Nobody counts
 * globally: once no data waits anywhere, nothing moves, and the run ends by itself.
 */
export class AodvNode extends LoopDevice<AodvMessage, AodvOptions> {
  /** null until the topology is known. */
  neighbours: number[] | null = null;
  readonly forwardPath = new Map<number, number>();
  readonly reversePath = new Map<number, number>();
  /** Floods seen, as `first:bcastId`: each is passed on once. */
  private readonly seenFloods = new Set<string>();
  private nextBcastId = 0;
  /** Messages that came before the topology. */
  private readonly early: AodvMessage[] = [];
  /** Data ids received here, delivered or passed on. */
  private readonly handled = new Set<string>();
  readonly received: string[] = [];
  readonly cache: DataMessage[] = [];
  /** Destinations whose route is being asked for: since which round, how many floods. */
  private readonly discovering = new Map<number, { since: number; tries: number }>();

  protected override start(): void {
    if (this.index !== 0) return;
    const graph = randomRadioGraph(this.numberOfDevices, this.options.arc / 100, this.medium.random);
    for (let device = 1; device < this.numberOfDevices; device++) this.tell(device, { type: 'Topology', neighbours: graph[device] ?? [] });
    this.join(graph[0] ?? []);
  }

  protected handle(message: AodvMessage): void {
    if (message.type === 'Topology') {
      this.join(message.neighbours);
      return;
    }
    // A request that comes with (or before) the topology waits for it: it must be passed on to the neighbours.
    if (this.neighbours === null) {
      this.early.push(message);
      return;
    }
    switch (message.type) {
      case 'Data':
        // A copy of data already handled (the network duplicated it) goes no further.
        if (this.handled.has(message.id)) return;
        this.handled.add(message.id);
        if (message.last === this.index) this.deliver(message);
        else this.route(message);
        return;
      case 'AodvRreq':
        this.onRequest(message);
        return;
      case 'AodvRrep':
        this.onReply(message);
        return;
    }
  }

  /** Floods again for destinations that did not answer in time. */
  protected override work(): void {
    for (const [destination, asked] of this.discovering) {
      if (this.round - asked.since < RREQ_RETRY_ROUNDS) continue;
      if (asked.tries >= RREQ_TRIES) this.discovering.delete(destination);
      else this.discover(destination, asked.tries + 1);
    }
  }

  /** The topology is known: now this device handles what came early and sends its own data. */
  private join(neighbours: number[]): void {
    if (this.neighbours !== null) return;
    this.neighbours = neighbours;
    for (const message of this.early.splice(0)) this.handle(message);
    const others = this.medium.ids.filter((id) => id !== this.index);
    for (let k = 0; k < this.options.messages; k++) {
      const last = this.medium.random.pick(others);
      const id = `${this.index}:${k}`;
      this.medium.mark('originate', { id, first: this.index, last });
      this.route({
        type: 'Data',
        source: this.index,
        destination: this.index,
        first: this.index,
        last,
        id,
        data: `Hi. I am ${this.index}.`,
      });
    }
  }

  protected deliver(message: DataMessage): void {
    this.received.push(message.id);
    this.medium.mark('receive', { id: message.id, first: message.first });
  }

  /** Sends data one hop on, or caches it and asks for a route. */
  protected route(message: DataMessage): void {
    const next = this.forwardPath.get(message.last);
    if (next !== undefined) {
      this.tell(next, { type: 'Data', first: message.first, last: message.last, id: message.id, data: message.data });
      return;
    }
    this.cache.push(message);
    if (!this.discovering.has(message.last)) this.discover(message.last, 1);
  }

  private discover(last: number, tries: number): void {
    const bcastId = this.nextBcastId++;
    this.seenFloods.add(`${this.index}:${bcastId}`);
    this.discovering.set(last, { since: this.round, tries });
    for (const neighbour of this.neighbours ?? []) this.tell(neighbour, { type: 'AodvRreq', first: this.index, last, bcastId, hops: 0 });
  }

  protected onRequest(message: Extract<AodvMessage, { type: 'AodvRreq' }>): void {
    const flood = `${message.first}:${message.bcastId}`;
    if (this.seenFloods.has(flood)) return;
    this.seenFloods.add(flood);
    if (!this.reversePath.has(message.first)) this.reversePath.set(message.first, message.source);
    if (message.last === this.index) {
      this.tell(this.reversePath.get(message.first) ?? message.source, {
        type: 'AodvRrep',
        first: message.first,
        last: this.index,
        hops: 0,
      });
      return;
    }
    for (const neighbour of this.neighbours ?? []) {
      if (neighbour === message.source) continue;
      this.tell(neighbour, {
        type: 'AodvRreq',
        first: message.first,
        last: message.last,
        bcastId: message.bcastId,
        hops: message.hops + 1,
      });
    }
  }

  protected onReply(message: Extract<AodvMessage, { type: 'AodvRrep' }>): void {
    if (!this.forwardPath.has(message.last)) this.forwardPath.set(message.last, message.source);
    if (message.first === this.index) {
      this.discovering.delete(message.last);
      this.flush(message.last);
      return;
    }
    const back = this.reversePath.get(message.first);
    if (back !== undefined) this.tell(back, { type: 'AodvRrep', first: message.first, last: message.last, hops: message.hops + 1 });
  }

  /** A route to `last` is known: everything cached for it goes. */
  protected flush(last: number): void {
    const waiting = this.cache.filter((message) => message.last === last);
    this.cache.splice(0, this.cache.length, ...this.cache.filter((message) => message.last !== last));
    for (const message of waiting) this.route(message);
  }

  override result(): AodvResult {
    return {
      role: 'aodv',
      neighbours: this.neighbours ?? [],
      forwardPaths: Object.fromEntries(this.forwardPath),
      reversePaths: Object.fromEntries(this.reversePath),
      received: [...this.received],
      cached: this.cache.map((message) => message.id),
    };
  }
}
