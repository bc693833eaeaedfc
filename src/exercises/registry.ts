import { UsageError, closestName } from '../common/index.js';
import type { Algorithm } from './algorithm.js';
import { pingPongAlgorithm } from './lecture0/ping-pong.js';
import { gossipAlgorithm } from './lecture1/gossip.js';
import { gossipRingAlgorithm } from './lecture1/gossip-ring.js';
import { improvedGossipAlgorithm } from './lecture1/improved-gossip.js';
import { ripCommunicationAlgorithm } from './lecture2/rip-communication.js';
import { centralisedAlgorithm } from './lecture4/centralised.js';
import { heartbeatTokenRingAlgorithm } from './lecture4/heartbeat-token-ring.js';
import { maekawaAlgorithm } from './lecture4/maekawa.js';
import { ricartAgrawalaAlgorithm } from './lecture4/ricart-agrawala.js';
import { suzukiKasamiAlgorithm } from './lecture4/suzuki-kasami.js';
import { tokenRingAlgorithm } from './lecture4/token-ring.js';
import { bullyAlgorithm } from './lecture7/bully.js';
import { changRobertsAlgorithm } from './lecture7/chang-roberts.js';
import { basicMulticastAlgorithm } from './lecture5/basic-multicast.js';
import { reliableMulticastAlgorithm } from './lecture5/reliable-multicast.js';
import { reliableIPMulticastAlgorithm } from './lecture5/reliable-ip-multicast.js';
import { toseqMulticastAlgorithm } from './lecture5/toseq-multicast.js';
import { isisMulticastAlgorithm } from './lecture5/isis-multicast.js';
import { coMulticastAlgorithm } from './lecture5/co-multicast.js';
import { fResilientConsensusAlgorithm } from './lecture6/f-resilient-consensus.js';
import { singleByzantineAlgorithm } from './lecture6/single-byzantine.js';
import { kingAlgorithm } from './lecture6/king.js';
import { paxosAlgorithm } from './lecture6/paxos.js';
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
  ripCommunicationAlgorithm,
  centralisedAlgorithm,
  tokenRingAlgorithm,
  ricartAgrawalaAlgorithm,
  maekawaAlgorithm,
  suzukiKasamiAlgorithm,
  heartbeatTokenRingAlgorithm,
  // The seed runs its elections in lecture 4 (exercise4.py) and its Bully again in lecture 7.
  { ...changRobertsAlgorithm, lecture: 4 },
  { ...bullyAlgorithm, lecture: 4 },
  basicMulticastAlgorithm,
  reliableMulticastAlgorithm,
  reliableIPMulticastAlgorithm,
  toseqMulticastAlgorithm,
  isisMulticastAlgorithm,
  coMulticastAlgorithm,
  fResilientConsensusAlgorithm,
  singleByzantineAlgorithm,
  kingAlgorithm,
  paxosAlgorithm,
  changRobertsAlgorithm,
  bullyAlgorithm,
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
  if (found) return found;
  const elsewhere = algorithms.find((a) => a.name === name);
  if (elsewhere) throw new UsageError(`--lecture: ${name} is in lecture ${elsewhere.lecture ?? '-'}, not ${lecture}`);
  const guess = closestName(
    name,
    inLecture.map((a) => a.name),
  );
  throw new UsageError(
    `--algorithm: lecture ${lecture} has no algorithm '${name}' (${guess ? `did you mean ${guess}? ` : ''}available: ${inLecture.map((a) => a.name).join(', ')})`,
  );
}

/** Whether the registry knows this lecture/algorithm, without throwing. */
export function hasAlgorithm(lecture: number, name: string): boolean {
  return algorithms.some((a) => a.lecture === lecture && a.name === name);
}
