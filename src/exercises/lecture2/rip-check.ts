import { z } from 'zod';
import type { CheckContext, CheckResult, TraceEvent } from '../algorithm.js';
import { adjacency, hopDistances } from './topology.js';

const id = z.int().nonnegative();
const Row = z.tuple([id, id, id]);
const Advert = z.object({ table: z.array(Row) });
const Routed = z.object({ firstNode: id, lastNode: id, seq: id });
const Claimed = z.object({ table: z.array(Row) });
const Delivered = z.object({ firstNode: id, seq: id });

type Table = Map<number, { next: number; distance: number }>;

const tableOf = (rows: readonly (readonly [number, number, number])[]): Table =>
  new Map(rows.map(([destination, next, distance]) => [destination, { next, distance }]));

/**
 * The routing checker reads what the devices advertised, as the network carried it:
 * - every message went over a link of the topology;
 * - each device's final table (the last one it advertised, which must be what it reports) has
 *   every destination at its shortest distance, computed here by breadth-first search, through a
 *   neighbour that lies on a shortest path; and each route was offered to it by that neighbour;
 * - no table changed once routing had begun (the devices knew the tables were stable);
 * - every routed message followed the next hops of the final tables and was delivered, none was
 *   reported unroutable, and each device sent `routed` of them;
 * - the run ended by itself.
 */
export function checkRip(results: readonly unknown[], trace: readonly TraceEvent[], context: CheckContext): CheckResult {
  const n = context.devices;
  const topology = typeof context.options.topology === 'string' ? context.options.topology : 'ring';
  const graphSeed = typeof context.options.graphSeed === 'number' ? context.options.graphSeed : 1;
  const routed = typeof context.options.routed === 'number' ? context.options.routed : 0;
  const graph = adjacency(topology, n, graphSeed);
  const distance = hopDistances(graph);
  const problems: string[] = [];
  const advertised = new Map<number, { table: Table; seq: number }>();
  /** What each device was offered: `${to}:${from}:${destination}` -> distances. */
  const offered = new Set<string>();
  const hops = new Map<string, { from: number; to: number; seq: number; lastNode: number }[]>();
  const arrived = new Set<string>();
  let routingFrom: number | undefined;
  let ripMessages = 0;

  for (const event of trace) {
    const { src, dst } = event;
    if (event.kind === 'send' && src !== null && dst !== null) {
      if (!(graph[src] ?? []).includes(dst))
        problems.push(`device ${src} sent a ${event.type ?? ''} to ${dst}, which is not its neighbour (seq ${event.seq})`);
      if (event.type === 'rip') {
        ripMessages++;
        const advert = Advert.safeParse(event.msg);
        if (advert.success) advertised.set(src, { table: tableOf(advert.data.table), seq: event.seq });
        if (routingFrom !== undefined)
          problems.push(`device ${src} still changed its table at seq ${event.seq}, after routing had begun at seq ${routingFrom}`);
      }
      if (event.type === 'stable' || event.type === 'routable') routingFrom ??= event.seq;
      const message = Routed.safeParse(event.msg);
      if (event.type === 'routable' && message.success) {
        const key = `${message.data.firstNode}.${message.data.seq}`;
        hops.set(key, [...(hops.get(key) ?? []), { from: src, to: dst, seq: event.seq, lastNode: message.data.lastNode }]);
      }
    }
    if (event.kind === 'deliver' && event.type === 'rip' && src !== null && dst !== null) {
      const advert = Advert.safeParse(event.msg);
      if (advert.success) for (const [destination, , hops] of advert.data.table) offered.add(`${dst}:${src}:${destination}:${hops}`);
    }
    if (event.kind === 'mark' && src !== null) {
      const mark = Delivered.safeParse(event.msg);
      if (event.type === 'delivered' && mark.success) arrived.add(`${mark.data.firstNode}.${mark.data.seq}@${src}`);
      if (event.type === 'unroutable') problems.push(`device ${src} reported a routed message unroutable (seq ${event.seq})`);
    }
  }

  const finals: Table[] = [];
  for (let device = 0; device < n; device++) {
    const table = advertised.get(device)?.table;
    finals.push(table ?? (new Map() as Table));
    if (table === undefined) {
      problems.push(`device ${device} never advertised a table`);
      continue;
    }
    const claimed = Claimed.safeParse(results[device]);
    const reported = claimed.success ? tableOf(claimed.data.table) : undefined;
    if (reported === undefined || !sameTable(reported, table))
      problems.push(`device ${device} reports a table other than the last one it advertised`);
    for (let destination = 0; destination < n; destination++) {
      const want = distance[device]?.[destination] ?? -1;
      const entry = table.get(destination);
      if (entry === undefined) {
        problems.push(`device ${device}'s table has no route to ${destination} (${want} hops away)`);
        continue;
      }
      const via = entry.next;
      if (entry.distance !== want) {
        problems.push(
          `device ${device}'s table says ${destination} is ${entry.distance} hops away via ${via}; the shortest path is ${want} hops`,
        );
      } else if (
        destination === device ? via !== device : (distance[via]?.[destination] ?? -1) !== want - 1 || !(graph[device] ?? []).includes(via)
      ) {
        problems.push(`device ${device}'s table routes to ${destination} via ${via}, which is not a neighbour on a shortest path`);
      } else if (destination !== device && via !== destination && !offered.has(`${device}:${via}:${destination}:${want - 1}`)) {
        problems.push(`device ${device}'s route to ${destination} via ${via} was never offered to it by ${via}`);
      }
    }
  }

  let delivered = 0;
  for (let origin = 0; origin < n; origin++) {
    for (let seq = 1; seq <= routed; seq++) {
      const key = `${origin}.${seq}`;
      const path = hops.get(key) ?? [];
      const first = path[0];
      if (first === undefined || first.from !== origin) {
        problems.push(`device ${origin} never sent its routed message ${seq}`);
        continue;
      }
      const lastNode = first.lastNode;
      for (const hop of path) {
        const next = finals[hop.from]?.get(lastNode)?.next;
        if (next !== hop.to)
          problems.push(
            `routed message ${key} (${origin} -> ${lastNode}) went from ${hop.from} to ${hop.to} at seq ${hop.seq}, but ${hop.from}'s next hop to ${lastNode} is ${String(next)}`,
          );
      }
      if (arrived.has(`${key}@${lastNode}`)) delivered++;
      else problems.push(`routed message ${key} (${origin} -> ${lastNode}) was never delivered to ${lastNode}`);
    }
  }
  if (context.quiescent) problems.push('the run did not end by itself: it stopped at quiescence with devices still waiting');

  if (problems.length > 0) {
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more problems)` : '';
    return { passed: false, details: `${problems.slice(0, 5).join('; ')}${more}` };
  }
  const diameter = Math.max(...distance.flat());
  return {
    passed: true,
    details:
      `the tables of all ${n} devices hold the shortest paths of the ${topology.includes('-') ? 'given' : topology} topology (diameter ${diameter}), ` +
      `stable after ${ripMessages} table messages; ${delivered} routed messages delivered along them`,
  };
}

function sameTable(a: Table, b: Table): boolean {
  return (
    a.size === b.size &&
    [...a].every(([destination, route]) => b.get(destination)?.next === route.next && b.get(destination)?.distance === route.distance)
  );
}
