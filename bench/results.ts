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
  /** `node -e 0`'s wall time in the same run: the CLI rows' baseline (absent in older results). */
  nodeBootMs?: Summary | null;
  /** Whole `fnsync run` processes (absent in older results). */
  cli?: CliRow[];
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
  /** Per run over its functions (master and slaves), from invoke or prewarm to the handler's start. */
  coldStartMedianMs: Summary | null;
  /** Absent in results older than the isolate runtime. */
  coldStartP95Ms?: Summary | null;
  published: Summary | null;
  delivered: Summary | null;
  /** The fanout floor at this N (raw amqplib, see fanout-floor.ts), one per repetition. */
  floorMs: Summary | null;
  /** protocolMs / floorMs, per run. */
  ratio: Summary | null;
}

/** `fnsync run --slaves N --runtime R --json`, spawned and waited for, as a user sees it. */
export interface CliRow {
  runtime: SyncRuntime;
  slaves: number;
  runs: number;
  failures: string[];
  /** From spawn to exit. */
  wallMs: Summary | null;
  /** The median wall over the median `node -e 0` of the same run. */
  vsNodeBoot: number | null;
  /**
   * N + 1 functions that do nothing started at once from one Node process, as threads (isolate)
   * or processes (local); `node -e 0` for inline. See measureStartFloor.
   */
  startFloorMs: Summary | null;
  /** The median wall over the median start floor. */
  vsStartFloor: number | null;
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
