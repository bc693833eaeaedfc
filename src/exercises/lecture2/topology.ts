import { z } from 'zod';
import { createRng, seedFrom } from '../../common/index.js';
import { ringNeighbours } from '../lecture1/gossip-ring.js';
import { intOption } from '../options.js';

const SHAPES = ['ring', 'line', 'grid', 'random'] as const;
const EDGE_LIST = /^\d+-\d+(,\d+-\d+)*$/;

/** `--option topology=ring|line|grid|random|0-1,1-2,...` and `--option graphSeed=N` for the random one. */
export const topologyOptions = {
  topology: z
    .string()
    .refine((text) => (SHAPES as readonly string[]).includes(text) || EDGE_LIST.test(text), {
      error: `must be one of ${SHAPES.join(', ')}, or links like 0-1,1-2,2-0`,
    })
    .default('ring')
    .describe(`who is linked to whom: ${SHAPES.join(', ')} (a random connected graph), or links like 0-1,1-2 (default ring)`),
  graphSeed: intOption('the seed of the random topology', { min: 0, max: 2 ** 31 - 1, fallback: 1 }),
};

/** Each device's neighbours, sorted; links go both ways. */
export type Adjacency = readonly (readonly number[])[];

/** The links of a topology over n devices (each once, smaller end first). */
function links(topology: string, n: number, graphSeed: number): [number, number][] {
  const all: [number, number][] = [];
  const link = (a: number, b: number): void => void all.push(a < b ? [a, b] : [b, a]);
  switch (topology) {
    case 'ring':
      for (let i = 0; i < n; i++) for (const j of ringNeighbours(i, n)) if (i < j) link(i, j);
      break;
    case 'line':
      for (let i = 0; i + 1 < n; i++) link(i, i + 1);
      break;
    case 'grid': {
      const width = Math.ceil(Math.sqrt(n));
      for (let i = 0; i < n; i++) {
        if ((i + 1) % width !== 0 && i + 1 < n) link(i, i + 1);
        if (i + width < n) link(i, i + width);
      }
      break;
    }
    case 'random': {
      // A random spanning tree (each device in a shuffled order hangs on to one placed before
      // it), which makes the graph connected, and n/2 more random links for cycles.
      const rng = createRng(seedFrom('topology', graphSeed, n));
      const order = rng.shuffle([...Array(n).keys()]);
      for (let k = 1; k < n; k++) link(order[k] ?? 0, order[rng.int(0, k - 1)] ?? 0);
      for (let extra = 0; extra < Math.floor(n / 2) && n > 2; extra++) {
        const a = rng.int(0, n - 1);
        const b = rng.int(0, n - 1);
        if (a !== b) link(a, b);
      }
      break;
    }
    default:
      for (const pair of topology.split(',')) {
        const [a = 0, b = 0] = pair.split('-').map(Number);
        link(a, b);
      }
  }
  return all;
}

/** The neighbours of every device. */
export function adjacency(topology: string, n: number, graphSeed: number): Adjacency {
  const sets = Array.from({ length: n }, () => new Set<number>());
  for (const [a, b] of links(topology, n, graphSeed)) {
    sets[a]?.add(b);
    sets[b]?.add(a);
  }
  return sets.map((set) => [...set].sort((x, y) => x - y));
}

/** Hops from every device to every device (breadth-first search); -1 where there is no path. */
export function hopDistances(graph: Adjacency): number[][] {
  return graph.map((_, from) => {
    const distance = new Array<number>(graph.length).fill(-1);
    distance[from] = 0;
    const queue = [from];
    for (let head = 0; head < queue.length; head++) {
      const at = queue[head] ?? 0;
      for (const next of graph[at] ?? []) {
        if (distance[next] !== -1) continue;
        distance[next] = (distance[at] ?? 0) + 1;
        queue.push(next);
      }
    }
    return distance;
  });
}

/** What a topology cannot say alone: its links name devices that exist, and it is connected. */
export function topologyProblem(options: Readonly<Record<string, unknown>>, devices: number): string | undefined {
  const topology = typeof options.topology === 'string' ? options.topology : 'ring';
  if (EDGE_LIST.test(topology)) {
    const named = topology.split(/[,-]/).map(Number);
    const missing = named.find((device) => device >= devices);
    if (missing !== undefined) return `topology: device ${missing} does not exist (devices are 0-${devices - 1})`;
    const loop = topology.split(',').find((pair) => new Set(pair.split('-')).size === 1);
    if (loop !== undefined) return `topology: ${loop} links a device to itself`;
  }
  const graphSeed = typeof options.graphSeed === 'number' ? options.graphSeed : 1;
  const [fromZero = []] = hopDistances(adjacency(topology, devices, graphSeed));
  const cut = [...fromZero.keys()].filter((device) => fromZero[device] === -1);
  if (cut.length > 0) {
    const names = cut.slice(0, 5).join(', ') + (cut.length > 5 ? ', ...' : '');
    return `topology: not connected: device${cut.length > 1 ? 's' : ''} ${names} cannot reach device 0`;
  }
  return undefined;
}
