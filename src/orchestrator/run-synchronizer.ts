import { performance } from 'node:perf_hooks';
import { safeParse } from 'zod/mini';
import { TimeoutError, UsageError, abortable, createLogger, randomSeed, teardown, withTimeout } from '../common/index.js';
import {
  BusMessage,
  MasterResult,
  SlaveResult,
  newRunId,
  runNames,
  type ListEntry,
  type RunNames,
  type MasterPayload,
  type SlavePayload,
} from '../protocol/index.js';
import {
  BrokerConnection,
  RunKey,
  brokerAddress,
  brokerUrls,
  silentNodes,
  sumByReason,
  sumRecovery,
  type RecoveryStats,
  type Schema,
} from '../transport/index.js';
import { FunctionExecutor, type Future } from './executor.js';
import { InvocationError, type FunctionRuntime } from './runtimes/index.js';
import { MASTER_FUNCTION, SLAVE_FUNCTION } from './synchronizer-functions.js';
import { verifyRun, type Verification } from './verify.js';

export interface SynchronizerOptions {
  /** One node, or a cluster's nodes separated by commas. */
  amqpUrl: string;
  /** Survive the loss of a broker node: quorum queues, acknowledged deliveries, reconnects. Default: false. */
  replicated?: boolean;
  slaves: number;
  runtime: FunctionRuntime;
  /** Seeds the grant order and the values; a random one (reported) when absent. */
  seed?: number;
  /** How long a granted slave may take to write its value. */
  leaseMs: number;
  /** The whole run's limit, spawning included. */
  timeoutMs: number;
  runId?: string;
  /** Aborting it ends the run (and cleans up), rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** Where the run is, for a progress display (rounds are watched with one more queue on the bus). */
  onProgress?: (progress: RunProgress) => void;
  /** What happened when, for a timeline (`fnsync run --timeline`): the bus as it was seen, and each function's start. */
  onEvent?: (event: SynchronizerEvent) => void;
}

/**
 * ms since the run began: a function invoked or its handler started (after its cold start), a
 * message on the bus, or a grant (sent to one slave's queue, so the master reports when, by its
 * clock: on a FaaS platform elsewhere, skewed by the difference between the machines' clocks).
 */
export type SynchronizerEvent =
  | { readonly kind: 'invoked' | 'started'; readonly atMs: number; readonly fn: string }
  | { readonly kind: 'bus'; readonly atMs: number; readonly message: BusMessage }
  | { readonly kind: 'grant'; readonly atMs: number; readonly slave: number; readonly round: number };

/** The phases of a run, as a progress display shows them. */
export type RunProgress =
  | { readonly phase: 'connecting' }
  | { readonly phase: 'starting'; readonly started: number; readonly total: number }
  | { readonly phase: 'rounds'; readonly done: number; readonly total: number }
  | { readonly phase: 'teardown' };

export interface SynchronizerReport {
  runId: string;
  slaves: number;
  seed: number;
  runtime: string;
  identical: boolean;
  /** The agreed list (slave 0's when they differ). */
  list: ListEntry[];
  results: { slave: number; list: ListEntry[] }[];
  order: number[];
  timings: {
    /** From spawning (or invoking) the functions until the last handler started. */
    spawnMs: number;
    /** From `start` to `done`, measured by the master. */
    protocolMs: number;
    totalMs: number;
    coldStartMs: { min: number; median: number; max: number };
  };
  /** Rejected: messages no function took as input, with the reasons (see RejectReason). */
  messages: {
    published: number;
    delivered: number;
    rejected: number;
    rejectedBy: Record<string, number>;
    /** Replicated runs: reconnects, copies dropped and messages sent again, over every connection. */
    recovery?: RecoveryStats;
  };
  verification: Verification;
}

/** How long the run's master queue survives without a consumer, should the orchestrator itself die. */
const MASTER_QUEUE_EXPIRES_MS = 60_000;
/** How long the whole teardown may take, for a busy broker (documented in the README)... */
const TEARDOWN_MS = 10_000;
/** ... and when its broker has been found silent, which will answer nothing: drop the connection. */
const SILENT_TEARDOWN_MS = 1000;
/** When the run runs out of time, the broker gets this long to show it still answers. */
const BROKER_PROBE_MS = 1000;
/** How often the progress display learns how many functions have started. */
const STARTED_POLL_MS = 100;

const log = createLogger('run');

/**
 * Starts booting a run's master and slaves, where the runtime can (a worker thread or process each,
 * waiting for its payload). Idempotent: the CLI calls it before it looks for the broker, and
 * runSynchronizer again, which starts only what is missing.
 */
export function prewarmSynchronizer(runtime: FunctionRuntime, runId: string, slaves: number): void {
  runtime.prewarm?.(MASTER_FUNCTION, 1, runId);
  runtime.prewarm?.(SLAVE_FUNCTION, slaves, runId);
}

/**
 * One synchronizer run: create the run's topology, invoke the master and N slaves in parallel
 * (slaves may join before the master is up: the master queue already exists), collect and
 * verify their results. The topology and every invocation are gone when it returns or throws.
 */
export async function runSynchronizer(options: SynchronizerOptions): Promise<SynchronizerReport> {
  const startedAt = performance.now();
  const runId = options.runId ?? newRunId();
  const seed = options.seed ?? randomSeed();
  const names = runNames(runId);
  // Processes first: their cold start overlaps the orchestrator's connection and topology.
  prewarmSynchronizer(options.runtime, runId, options.slaves);
  // Should this fail, the prewarmed processes go with the runtime's close(), which its owner calls.
  const progress = options.onProgress ?? (() => undefined);
  progress({ phase: 'connecting' });
  // A fresh key per run; it reaches the functions in their payloads only.
  const key = RunKey.create(runId);
  const admin = await BrokerConnection.connect({
    url: options.amqpUrl,
    name: names.connection('orchestrator'),
    auth: { key, sender: 'orchestrator' },
    replicated: options.replicated,
  });
  // Before anything is created, and outside the teardown below: a run that finds its id taken
  // must not remove what belongs to the run that holds it.
  try {
    await claimRunId(admin, runId, names);
  } catch (error) {
    await admin.close();
    throw error;
  }
  const executor = new FunctionExecutor({ runtime: options.runtime, runId, timeoutMs: options.timeoutMs });
  let watching: NodeJS.Timeout | undefined;
  // An object: it is set inside a callback, which narrowing cannot see.
  const broker = { silent: false };
  try {
    await admin.declareQueue(names.master, MASTER_QUEUE_EXPIRES_MS);
    await admin.declareFanout(names.bus);
    log.debug(
      `run ${runId}: ${names.master} and ${names.bus} declared; invoking 1 master and ${options.slaves} slaves on ${options.runtime.name}, seed ${seed}`,
    );
    const onEvent = options.onEvent;
    const since = (): number => performance.now() - startedAt;
    const rounds =
      options.onProgress || onEvent
        ? await observeRounds(admin, names.bus, options.slaves, progress, (message) => onEvent?.({ kind: 'bus', atMs: since(), message }))
        : undefined;

    const common: MasterPayload = {
      amqpUrl: options.runtime.onThisMachine ? admin.resolvedUrl : options.amqpUrl,
      runId,
      slaves: options.slaves,
      seed,
      leaseMs: options.leaseMs,
      timeoutMs: options.timeoutMs,
      secret: key.secret,
      replicated: options.replicated ?? false,
    };
    const invokedAt = since();
    const futures = [executor.callAsync(MASTER_FUNCTION, common, { label: 'master' })];
    for (let slave = 0; slave < options.slaves; slave++) {
      const payload: SlavePayload = { ...common, slave };
      futures.push(executor.callAsync(SLAVE_FUNCTION, payload, { label: `slave ${slave}` }));
    }
    if (options.onProgress) {
      watching = setInterval(() => {
        if (rounds?.started) return;
        progress({ phase: 'starting', started: futures.filter((f) => f.coldStartMs() !== undefined).length, total: futures.length });
      }, STARTED_POLL_MS);
    }

    const remainingMs = Math.max(1, options.timeoutMs - (performance.now() - startedAt));
    const stop = options.signal ? AbortSignal.any([admin.signal, options.signal]) : admin.signal;
    const values = await abortable(executor.getResult(futures, { timeoutMs: remainingMs }), stop).catch(async (error: unknown) => {
      if (!(error instanceof TimeoutError)) throw error;
      const blamed = await blameTheBroker(admin, names, options.amqpUrl, error);
      broker.silent = blamed !== error;
      throw blamed;
    });
    const [masterRaw, ...slaveRaw] = values;
    const master = parseResult(MasterResult, masterRaw, futures[0]);
    const results = slaveRaw.map((raw, i) => parseResult(SlaveResult, raw, futures[i + 1]));

    log.debug(`run ${runId}: every function returned; verifying`);
    const coldStarts = futures.map((f) => f.coldStartMs() ?? 0);
    for (const [i, future] of futures.entries()) {
      onEvent?.({ kind: 'invoked', atMs: invokedAt, fn: future.label });
      onEvent?.({ kind: 'started', atMs: invokedAt + (coldStarts[i] ?? 0), fn: future.label });
    }
    const runBeganAt = performance.timeOrigin + startedAt;
    master.grantedAt.forEach((at, round) => {
      onEvent?.({ kind: 'grant', atMs: at - runBeganAt, slave: master.order[round] ?? -1, round });
    });
    // Every function is spawned (or invoked) at the start, so the last to start bounds them all.
    const spawnMs = Math.max(...coldStarts);
    const verification = verifyRun(options.slaves, results, master, seed);
    const all = [master.stats, ...results.map((r) => r.stats)];
    const sorted = [...coldStarts].sort((a, b) => a - b);
    return {
      runId,
      slaves: options.slaves,
      seed,
      runtime: options.runtime.name,
      identical: results.every((r) => JSON.stringify(r.list) === JSON.stringify(results[0]?.list)),
      list: results[0]?.list ?? [],
      results: results.map(({ slave, list }) => ({ slave, list })),
      order: master.order,
      timings: {
        spawnMs: round(spawnMs),
        protocolMs: round(master.protocolMs),
        totalMs: round(performance.now() - startedAt),
        coldStartMs: {
          min: round(sorted[0] ?? 0),
          median: round(sorted[Math.floor(sorted.length / 2)] ?? 0),
          max: round(sorted.at(-1) ?? 0),
        },
      },
      messages: {
        published: sum(all.map((s) => s.published)),
        delivered: sum(all.map((s) => s.delivered)),
        rejected: sum(all.map((s) => s.rejected)),
        rejectedBy: sumByReason(all.map((s) => s.rejectedBy)),
        recovery: sumRecovery([admin.recovered, ...all.map((s) => s.recovery)]),
      },
      verification,
    };
  } finally {
    clearInterval(watching);
    progress({ phase: 'teardown' });
    const budget = broker.silent ? SILENT_TEARDOWN_MS : TEARDOWN_MS;
    log.debug(`run ${runId}: tearing down (at most ${budget} ms)`);
    // One budget for all of it: a broker that stopped answering must not hold the run past its end.
    await teardown(budget, [
      () => executor.cancelAll(),
      () => admin.deleteQueue(names.master),
      () => admin.deleteExchange(names.bus),
      (remainingMs) => admin.close(remainingMs),
    ]);
  }
}

/** One more queue on the bus: `start` (everyone joined), then a value per round. */
async function observeRounds(
  admin: BrokerConnection,
  bus: string,
  total: number,
  progress: (progress: RunProgress) => void,
  seen: (message: BusMessage) => void,
): Promise<{ started: boolean }> {
  const queue = await admin.declareExclusiveQueue(bus);
  const state = { started: false, done: 0 };
  await admin.subscribe(queue, BusMessage, {
    onMessage: (message) => {
      seen(message);
      if (message.type === 'start') state.started = true;
      else if (message.type === 'value') state.done++;
      else return;
      progress({ phase: 'rounds', done: state.done, total });
    },
  });
  return state;
}

function parseResult<T>(schema: Schema<T>, raw: unknown, future: Future | undefined): T {
  const parsed = safeParse(schema, raw);
  if (parsed.success) return parsed.data;
  throw new InvocationError(
    future?.label ?? '?',
    future?.id ?? '?',
    `returned an invalid result: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
  );
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * A run that ran out of time because its broker stopped answering says so, not only who was still
 * running; on a cluster, it names the nodes that were lost.
 */
async function blameTheBroker(admin: BrokerConnection, names: RunNames, amqpUrl: string, error: TimeoutError): Promise<Error> {
  const [answered, silent] = await Promise.all([
    withTimeout(admin.queueExists(names.master), BROKER_PROBE_MS, 'a probe of the broker').then(
      () => true,
      () => false,
    ),
    brokerUrls(amqpUrl).length > 1 ? silentNodes(amqpUrl, BROKER_PROBE_MS) : Promise.resolve([]),
  ]);
  if (silent.length > 0) {
    return new TimeoutError(
      `${error.message}: the broker lost ${silent.length} of ${brokerUrls(amqpUrl).length} nodes (${silent.join(', ')})`,
      {
        cause: error,
      },
    );
  }
  if (answered) return error;
  return new TimeoutError(`${error.message}: the broker at ${brokerAddress(amqpUrl)} stopped answering`, { cause: error });
}

/**
 * Two runs with one run id would share queues and destroy each other. The run's lock is an
 * exclusive queue (the broker lets only one connection hold it, and drops it with that connection);
 * a master queue left by an earlier run that did not clean up says the id is taken too.
 */
async function claimRunId(admin: BrokerConnection, runId: string, names: RunNames): Promise<void> {
  const remedy = `pick another --run-id, or remove what it left with \`fnsync clean --run-id ${runId}\``;
  if (!(await admin.claimExclusiveQueue(names.lock)))
    throw new UsageError(`--run-id: ${runId} is in use by a run that is still going; ${remedy}`);
  if (await admin.queueExists(names.master)) throw new UsageError(`--run-id: ${runId} was used by a run that did not clean up; ${remedy}`);
}
const round = (ms: number): number => Math.round(ms * 10) / 10;
