import type { BrokerInfo } from './broker.js';
import type { ExerciseTransport } from './exercise.js';
import type { Summary } from './stats.js';
import type { SyncRuntime } from './synchronizer.js';

/** bench/results/latest.json. Every time is in ms, every rate in messages per second. */
export interface BenchResults {
  version: 1;
  startedAt: string;
  finishedAt: string;
  durationS: number;
  quick: boolean;
  reps: number;
  machine: { cpus: number; cpuModel: string; totalMemGiB: number; node: string; platform: string; loadAvgAtStart: number[] };
  broker: BrokerInfo & { host: string };
  floor: {
    latency: { roundTrips: number; warmup: number; oneHopMs: Summary; rttMeanMs: Summary; rttMedianMs: Summary; rttP99Ms: Summary };
    throughput: { messages: number; messageBytes: number; msgsPerSec: Summary; endToEndMsgsPerSec: Summary };
    /** The constants the floor formula used: the medians above. */
    oneHopMs: number;
    msgsPerSec: number;
  } | null;
  synchronizer: SyncRow[];
  exercise: ExerciseRow[];
  notes: string[];
}

export interface SyncRow {
  runtime: SyncRuntime;
  slaves: number;
  /** Set when the configuration was not run (e.g. the broker's fd limit is too low). */
  skipped?: string;
  runs: number;
  failures: string[];
  totalMs: Summary | null;
  spawnMs: Summary | null;
  protocolMs: Summary | null;
  coldStartMedianMs: Summary | null;
  published: Summary | null;
  delivered: Summary | null;
  /** The fanout floor at this N (raw amqplib, see fanout-floor.ts), one per repetition. */
  floorMs: Summary | null;
  /** protocolMs / floorMs, per run. */
  ratio: Summary | null;
}

export interface ExerciseRow {
  algorithm: string;
  lecture: number;
  devices: number;
  transport: ExerciseTransport;
  mode: 'sync';
  runs: number;
  failures: string[];
  messages: number | null;
  elapsedMs: Summary | null;
  msgsPerSec: Summary | null;
}
