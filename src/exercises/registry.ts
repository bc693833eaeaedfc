import { UsageError } from '../common/index.js';
import type { Algorithm } from './algorithm.js';
import { pingPongAlgorithm } from './lecture0/ping-pong.js';
import { gossipAlgorithm } from './lecture1/gossip.js';
import { gossipRingAlgorithm } from './lecture1/gossip-ring.js';
import { improvedGossipAlgorithm } from './lecture1/improved-gossip.js';
import { gfsAlgorithm } from './lecture8/gfs.js';
import { mapReduceAlgorithm } from './lecture9/map-reduce.js';
import { blockchainAlgorithm } from './lecture10/blockchain.js';
import { chordAlgorithm } from './lecture11/chord.js';
import { aodvAlgorithm } from './lecture12/aodv.js';

/** The catalogue, by lecture, in the order `--list` shows it. */
export const algorithms: readonly Algorithm[] = [
  pingPongAlgorithm,
  gossipAlgorithm,
  gossipRingAlgorithm,
  improvedGossipAlgorithm,
  gfsAlgorithm,
  mapReduceAlgorithm,
  blockchainAlgorithm,
  chordAlgorithm,
  aodvAlgorithm,
];

export const lectures = (): number[] => [...new Set(algorithms.map((a) => a.lecture ?? -1))].filter((l) => l >= 0);

/** The registered algorithm, or a UsageError naming the flag that is wrong. */
export function findAlgorithm(lecture: number, name: string): Algorithm {
  const inLecture = algorithms.filter((a) => a.lecture === lecture);
  if (inLecture.length === 0) throw new UsageError(`--lecture: no lecture ${lecture} (available: ${lectures().join(', ')})`);
  const found = inLecture.find((a) => a.name === name);
  if (!found)
    throw new UsageError(
      `--algorithm: lecture ${lecture} has no algorithm '${name}' (available: ${inLecture.map((a) => a.name).join(', ')})`,
    );
  return found;
}

/** Whether the registry knows this lecture/algorithm, without throwing. */
export function hasAlgorithm(lecture: number, name: string): boolean {
  return algorithms.some((a) => a.lecture === lecture && a.name === name);
}
