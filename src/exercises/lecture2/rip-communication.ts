import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { Device, fromClass } from '../device.js';
import { messageIds } from '../message.js';
import { intOption } from '../options.js';
import { DiffusingTermination } from './diffusing-termination.js';
import { checkRip } from './rip-check.js';
import { adjacency, topologyOptions, topologyProblem } from './topology.js';

const id = z.int().nonnegative();
/** One row of a routing table: [destination, next hop, distance in hops]. */
const Row = z.tuple([id, id, id]);
export type Row = z.infer<typeof Row>;

/**
 * The seed's RipMessage (a table) and RoutableMessage (from a first to a last node, hop by hop),
 * and what ending by itself takes: `ack` for every message of the computation (Dijkstra-Scholten),
 * `stable` (the tables are final: route now) and `stop`, both down the tree of routes to device 0.
 */
export const RipMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rip'), ...messageIds, table: z.array(Row) }),
  z.object({ type: z.literal('routable'), ...messageIds, firstNode: id, lastNode: id, seq: id, content: z.string() }),
  z.object({ type: z.literal('ack'), ...messageIds }),
  z.object({ type: z.literal('stable'), ...messageIds }),
  z.object({ type: z.literal('stop'), ...messageIds }),
]);
export type RipMessage = z.infer<typeof RipMessage>;
type Routable = Extract<RipMessage, { type: 'routable' }>;
/** A message of the computation (acknowledged), before the sender is filled in. */
type Outgoing = Exclude<RipMessage, { type: 'ack' | 'stop' }> extends infer M ? (M extends unknown ? Omit<M, 'source'> : never) : never;

const ripOptions = z.strictObject({
  ...topologyOptions,
  routed: intOption('routed messages each device sends once the tables are stable', { min: 0, max: 100, fallback: 1 }),
});
export type RipOptions = z.infer<typeof ripOptions>;

/** Starts the protocol and detects its end. */
const ROOT = 0;

interface Route {
  readonly next: number;
  readonly distance: number;
}

/**
 * Distance-vector routing (RIP) on the topology of `--option topology` (the seed's ring by
 * default). Device 0 boots first and sends its table to its neighbours; a device boots when the
 * first table reaches it, and whenever the tables it received in a round improved its own
 * (`mergeTables`, the seed's TODO: a shorter route through the sender), it sends its table to
 * every neighbour, once for the round.
 *
 * The seed's loop never ends, and it cannot tell when the tables are complete. Here every message
 * is acknowledged as Dijkstra and Scholten do, so that device 0 learns when no table is on its way
 * any more and none will change: the tables are stable. It then sends `stable` down the tree of
 * routes to itself (each device's children are the neighbours whose next hop to 0 it is: their
 * tables say so); each device sends its `routed` RoutableMessages to random devices, hop by
 * hop along its table, and forwards what passes through. The same detection tells device 0 when
 * every routed message has arrived (or was reported unroutable); `stop` then goes down the tree.
 */
export class RipCommunication extends Device<RipMessage, RipOptions> {
  protected readonly neighbours: readonly number[] =
    adjacency(this.options.topology, this.numberOfDevices, this.options.graphSeed)[this.index] ?? [];
  protected readonly routingTable = new Map<number, Route>();
  /**
   * Each neighbour's best route to device 0 it told of: routes only get shorter, so the shortest
   * is its final one, even if an older table arrives late.
   */
  protected readonly towardsRoot = new Map<number, Route>();
  protected children: number[] = [];
  protected delivered = 0;
  protected forwarded = 0;
  private readonly termination = new DiffusingTermination(this.index === ROOT);
  private booted = false;
  /** The table changed this round: it goes to the neighbours once, when the round's news is in. */
  private changed = false;
  private routing = false;
  /** Set by `stop`: the run loop returns. */
  protected stopped = false;

  async run(): Promise<void> {
    if (this.index === ROOT) {
      this.termination.start();
      this.boot();
    }
    for (;;) {
      for (const message of this.medium.receiveAll()) this.onMessage(message);
      if (this.changed) this.advertise();
      this.settle();
      if (this.stopped) return;
      await this.medium.waitForNextRound();
    }
  }

  override result(): { table: Row[]; delivered: number; forwarded: number } {
    return { table: this.rows(), delivered: this.delivered, forwarded: this.forwarded };
  }

  /**
   * The seed's TODO: take the routes of `from`'s table that are shorter through `from` than what
   * this device knows; true when the table changed.
   */
  protected mergeTables(from: number, table: readonly Row[]): boolean {
    let changed = false;
    for (const [destination, , distance] of table) {
      const known = this.routingTable.get(destination);
      if (known !== undefined && known.distance <= distance + 1) continue;
      this.routingTable.set(destination, { next: from, distance: distance + 1 });
      changed = true;
    }
    return changed;
  }

  /** A routed message here: delivered if it is for this device, else on to the next hop. */
  protected route(message: Omit<Routable, 'source' | 'destination'>): void {
    const { firstNode, lastNode, seq } = message;
    if (lastNode === this.index) {
      this.delivered++;
      this.medium.mark('delivered', { firstNode, seq });
      return;
    }
    const route = this.routingTable.get(lastNode);
    if (route === undefined) {
      this.medium.mark('unroutable', { firstNode, lastNode, seq });
      return;
    }
    if (firstNode !== this.index) this.forwarded++;
    this.send({ ...message, type: 'routable', destination: route.next });
  }

  protected onMessage(message: RipMessage): void {
    if (message.type === 'ack') {
      this.termination.acknowledged();
      return;
    }
    if (message.type === 'stop') {
      this.stop();
      return;
    }
    const acknowledgeNow = this.termination.received(message.source);
    if (message.type === 'rip') {
      if (!this.booted) this.boot();
      this.noteRouteToRoot(message.source, message.table);
      if (this.mergeTables(message.source, message.table)) this.changed = true;
    } else if (message.type === 'stable') {
      if (!this.routing) this.startRouting();
    } else {
      this.route(message);
    }
    if (acknowledgeNow) this.medium.send({ type: 'ack', source: this.index, destination: message.source });
  }

  /** This device knows itself and its links. */
  private boot(): void {
    this.booted = true;
    this.changed = true;
    this.routingTable.set(this.index, { next: this.index, distance: 0 });
    for (const neighbour of this.neighbours) this.routingTable.set(neighbour, { next: neighbour, distance: 1 });
  }

  private noteRouteToRoot(neighbour: number, table: readonly Row[]): void {
    const row = table.find(([destination]) => destination === ROOT);
    const known = this.towardsRoot.get(neighbour);
    if (row !== undefined && (known === undefined || row[2] < known.distance))
      this.towardsRoot.set(neighbour, { next: row[1], distance: row[2] });
  }

  private advertise(): void {
    this.changed = false;
    const table = this.rows();
    for (const neighbour of this.neighbours) this.send({ type: 'rip', destination: neighbour, table });
  }

  /** Tables are stable: tell the subtree, then send this device's own routed messages. */
  private startRouting(): void {
    this.routing = true;
    this.children = this.neighbours.filter((neighbour) => this.towardsRoot.get(neighbour)?.next === this.index);
    for (const child of this.children) this.send({ type: 'stable', destination: child });
    const others = this.medium.ids.filter((device) => device !== this.index);
    for (let seq = 1; seq <= this.options.routed; seq++) {
      const lastNode = this.medium.random.pick(others);
      this.route({ type: 'routable', firstNode: this.index, lastNode, seq, content: `message ${seq} from ${this.index} to ${lastNode}` });
    }
  }

  /** Nothing more to do this round: acknowledge the engaging message, or at the root, move on. */
  private settle(): void {
    for (;;) {
      const idle = this.termination.detach();
      if (idle === null) return;
      if (idle !== 'ended') {
        this.medium.send({ type: 'ack', source: this.index, destination: idle });
        return;
      }
      if (this.routing) {
        this.stop();
        return;
      }
      this.termination.start();
      this.startRouting();
    }
  }

  private stop(): void {
    this.stopped = true;
    for (const child of this.children) this.medium.send({ type: 'stop', source: this.index, destination: child });
  }

  /** A message of the computation: acknowledged, so counted until then. */
  private send(message: Outgoing): void {
    this.termination.sent();
    this.medium.send({ ...message, source: this.index });
  }

  private rows(): Row[] {
    return [...this.routingTable]
      .map(([destination, { next, distance }]): Row => [destination, next, distance])
      .sort((a, b) => a[0] - b[0]);
  }
}

export const ripCommunicationAlgorithm: Algorithm = {
  lecture: 2,
  name: 'RipCommunication',
  summary:
    'distance-vector routing (ring, line, grid, random or given links); ends by itself once tables are stable and routed messages arrived',
  minDevices: 2,
  messages: RipMessage,
  parseCopies: true,
  options: ripOptions,
  validateOptions: topologyProblem,
  create: fromClass(RipCommunication),
  check: checkRip,
};
