import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { abortReason, createLogger, createRng, deadline, messageOf, seedFrom, timedOut } from '../common/index.js';
import { parseAlgorithmOptions, type Algorithm, type CheckContext, type DeviceOptions } from '../exercises/index.js';
import type { FunctionRuntime } from '../orchestrator/index.js';
import { AmqpTransport } from './amqp-transport.js';
import type { RecoveryStats } from '../transport/index.js';
import type { AlgorithmSource } from './amqp-wire.js';
import type { CommandSource } from './command-source.js';
import type { Faults } from './faults.js';
import type { DeviceHost } from './device-host.js';
import { MemoryTransport } from './memory-transport.js';
import { DEFAULT_QUIET_ROUNDS } from './quiescence.js';
import { createCopier, resultProblem } from './message-copier.js';
import { Flow, Mode, TransportName } from './modes.js';
import { Network } from './network.js';
import { statisticsOf, type Statistics } from './statistics.js';
import { viewFeed, type StepView } from './step-view.js';
import { Stepper } from './stepper.js';
import { TraceRecorder } from './trace.js';

const log = createLogger('exercise');

export interface ExerciseOptions {
  readonly algorithm: Algorithm;
  /** How device functions find the algorithm (amqp). */
  readonly source: AlgorithmSource;
  readonly mode: Mode;
  readonly devices: number;
  readonly transport: TransportName;
  readonly seed: number;
  readonly faults: Faults;
  /** The algorithm's options (`--option key=value`), raw or parsed; they are (re)parsed by its schema. */
  readonly options?: Readonly<Record<string, unknown>>;
  readonly timeoutMs: number;
  /** amqp only. */
  readonly amqpUrl?: string;
  /** amqp only: survive the loss of a broker node. Default: false. */
  readonly replicated?: boolean;
  readonly runtime?: FunctionRuntime;
  /** Stepping's commands (default: none, which lets the run go at the first gate). */
  readonly commands?: CommandSource;
  /** Where the stepper talks (stderr in the CLI). */
  readonly say?: (line: string) => void;
  /** Written at the end, also when the run fails. */
  readonly traceFile?: string;
  readonly signal?: AbortSignal;
  readonly runId?: string;
  /** A watcher: called at every stepping gate and once at the end (see step-view.ts). */
  readonly onView?: (view: StepView) => void;
  /** Called every 100 ms while the run goes, for a progress display. */
  readonly onProgress?: (progress: ExerciseProgress) => void;
}

/** How far a run is: rounds (the most any device waited) and messages sent so far. */
export interface ExerciseProgress {
  readonly rounds: number;
  readonly messages: number;
}

const PROGRESS_EVERY_MS = 100;

/** What `exercise --json` prints. */
export interface ExerciseReport {
  readonly lecture: number | null;
  readonly algorithm: string;
  readonly type: Mode;
  readonly transport: TransportName;
  readonly devices: number;
  readonly seed: number;
  /** The algorithm's options, defaults filled in. */
  readonly options: DeviceOptions;
  /** `rejected`: messages the wire refused on RabbitMQ (forged, unauthenticated, invalid), by reason. */
  readonly messages: {
    readonly total: number;
    readonly perDevice: number;
    readonly perType: Record<string, number>;
    readonly rejected: number;
    readonly rejectedBy: Record<string, number>;
    /** RabbitMQ, replicated: reconnects, copies dropped and messages sent again. */
    readonly recovery?: RecoveryStats;
  };
  readonly rounds: number;
  /**
   * `finished`: every device's run() returned (or it crashed); `quiescent`: nothing could happen any
   * more and `waiting` devices were stopped (see docs/exercises/README.md).
   */
  readonly ended: 'finished' | 'quiescent';
  readonly waiting: number[];
  /** `passed` is null when the algorithm has no checker: nothing was checked. */
  readonly check: { readonly passed: boolean | null; readonly details: string };
  readonly traceHash: string;
  readonly results: unknown[];
}

export interface ExerciseOutcome {
  readonly report: ExerciseReport;
  readonly statistics: Statistics;
  readonly runId: string;
  readonly elapsedMs: number;
  readonly crashed: boolean[];
  readonly trace: TraceRecorder;
}

/**
 * One exercise run: the network, the devices on the chosen transport, the checker. Every wait is
 * bounded by `timeoutMs` (exit 3), and the trace file is written whatever happens.
 */
export async function runExercise(options: ExerciseOptions): Promise<ExerciseOutcome> {
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const algorithmOptions = parseAlgorithmOptions(options.algorithm, options.options ?? {}, options.devices);
  const trace = new TraceRecorder();
  const host = createHost(options, algorithmOptions, runId);
  const network = new Network({
    devices: options.devices,
    flow: options.mode === Mode.Async ? Flow.Async : Flow.Sync,
    gated: options.mode === Mode.Stepping,
    faults: options.faults,
    rng: createRng(seedFrom(options.seed, 'network')),
    faultSeed: seedFrom(options.seed, 'faults'),
    trace,
    sink: host,
    interleaved: options.transport === TransportName.Amqp,
  });
  const say = options.say ?? (() => undefined);
  const view = options.onView ? viewFeed(network, trace, options.onView) : undefined;
  const stepper =
    options.mode === Mode.Stepping
      ? new Stepper(network, options.commands ?? { next: () => Promise.resolve(null), close: () => undefined }, say, () =>
          view?.(true, false),
        )
      : undefined;

  const limit = deadline(options.timeoutMs, () =>
    timedOut('the exercise', options.timeoutMs, [host.standing?.(), 'use --timeout to allow more'].filter(Boolean).join('; ')),
  );
  const signal = options.signal ? AbortSignal.any([limit.signal, options.signal]) : limit.signal;
  const began = performance.now();
  log.info(
    `run ${runId}: ${options.algorithm.name}, ${options.mode}, ${options.devices} devices on ${options.transport}, seed ${options.seed}`,
  );
  const { onProgress } = options;
  const progress = onProgress
    ? setInterval(() => onProgress({ rounds: network.rounds, messages: network.counts.sent }), PROGRESS_EVERY_MS)
    : undefined;
  try {
    const { results, crashed, quiescent, waiting, rejectedBy, recovery } = await host.run(network, stepper, signal);
    // A run that ends within a round (quiescent, or every device finished) has its last events held back.
    network.writePending();
    const elapsedMs = performance.now() - began;
    const statistics = statisticsOf(network);
    const context: CheckContext = { devices: options.devices, options: algorithmOptions, crashed, quiescent };
    const report: ExerciseReport = {
      lecture: options.algorithm.lecture,
      algorithm: options.algorithm.name,
      type: options.mode,
      transport: options.transport,
      devices: options.devices,
      seed: options.seed,
      options: algorithmOptions,
      messages: {
        total: statistics.total,
        perDevice: statistics.perDevice,
        perType: statistics.perType,
        rejected: Object.values(rejectedBy).reduce((a, b) => a + b, 0),
        rejectedBy,
        ...(recovery ? { recovery } : {}),
      },
      rounds: statistics.rounds,
      ended: quiescent ? 'quiescent' : 'finished',
      waiting: waiting.flatMap((stopped, device) => (stopped ? [device] : [])),
      check: runChecker(options.algorithm, results, trace, context),
      traceHash: trace.hash(),
      results,
    };
    return { report, statistics, runId, elapsedMs, crashed, trace };
  } catch (error) {
    // An abort surfaces as whatever was waiting; the reason (a timeout, Ctrl-C) is what to report.
    throw signal.aborted ? abortReason(signal) : error;
  } finally {
    clearInterval(progress);
    limit.clear();
    network.writePending();
    view?.(false, true);
    options.commands?.close();
    if (options.traceFile !== undefined) await writeFile(options.traceFile, trace.text());
  }
}

function runChecker(algorithm: Algorithm, results: unknown[], trace: TraceRecorder, context: CheckContext): ExerciseReport['check'] {
  const notJson = results.map((result, device) => resultProblem(result, device)).find((problem) => problem !== undefined);
  if (notJson !== undefined) return { passed: false, details: `${notJson} (result() must return plain JSON)` };
  if (algorithm.check === undefined) {
    return {
      passed: null,
      details: `${algorithm.name} has no checker, so nothing was checked (export check(results, trace, context) from its file, or pass --lecture to use a registered one)`,
    };
  }
  try {
    return algorithm.check(results, trace.events(), context);
  } catch (error) {
    return { passed: false, details: `the checker threw: ${messageOf(error)}` };
  }
}

/** Where the devices live: this process, or one function invocation each on RabbitMQ. */
function createHost(options: ExerciseOptions, algorithmOptions: DeviceOptions, runId: string): DeviceHost {
  const quiet = options.algorithm.quietRounds;
  const quietRounds = typeof quiet === 'function' ? quiet(algorithmOptions, options.devices) : (quiet ?? DEFAULT_QUIET_ROUNDS);
  if (options.transport === TransportName.Memory) {
    return new MemoryTransport({
      algorithm: options.algorithm,
      devices: options.devices,
      seed: options.seed,
      copy: createCopier(options.algorithm, options.devices),
      options: algorithmOptions,
      rng: createRng(seedFrom(options.seed, 'schedule')),
      quietRounds,
    });
  }
  return new AmqpTransport({
    runId,
    amqpUrl: required(options.amqpUrl, 'amqpUrl'),
    replicated: options.replicated ?? false,
    runtime: required(options.runtime, 'runtime'),
    algorithm: options.source,
    devices: options.devices,
    seed: options.seed,
    options: algorithmOptions,
    timeoutMs: options.timeoutMs,
    quietRounds,
  });
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new TypeError(`an amqp run needs ${what}`);
  return value;
}
