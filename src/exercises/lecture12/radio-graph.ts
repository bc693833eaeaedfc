import type { Rng } from '../../common/index.js';

/** Who hears whom: `neighbours[i]` are the devices in i's radio range (symmetric). */
export type RadioGraph = readonly (readonly number[])[];

/**
 * The seed's TopologyCreator: every pair of devices is in range with probability `probability`;
 * while the graph is not connected, a device the search from 0 reached gets an arc to one it did
 * not, so every device can reach every other over some path.
 */
export function randomRadioGraph(devices: number, probability: number, random: Rng): number[][] {
  const neighbours = Array.from({ length: devices }, () => new Set<number>());
  const link = (a: number, b: number): void => {
    neighbours[a]?.add(b);
    neighbours[b]?.add(a);
  };
  for (let i = 0; i < devices; i++) for (let j = 0; j < i; j++) if (random.next() < probability) link(i, j);
  for (;;) {
    const reached = hopsFrom(
      neighbours.map((set) => [...set]),
      0,
    );
    const outside = reached.flatMap((hops, device) => (hops < 0 ? [device] : []));
    if (outside.length === 0) break;
    const inside = reached.flatMap((hops, device) => (hops >= 0 ? [device] : []));
    link(random.pick(inside), random.pick(outside));
  }
  return neighbours.map((set) => [...set].sort((a, b) => a - b));
}

/** Breadth-first hop counts from `from`; -1 where it cannot reach. */
export function hopsFrom(graph: RadioGraph, from: number): number[] {
  const hops = new Array<number>(graph.length).fill(-1);
  hops[from] = 0;
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head] as number;
    for (const next of graph[at] ?? []) {
      if (hops[next] !== -1) continue;
      hops[next] = (hops[at] ?? 0) + 1;
      queue.push(next);
    }
  }
  return hops;
}
