import type { FunctionRuntime, Invocation } from '../src/index.js';
import type { Fnsync } from './fnsync.js';
import { percentile } from './stats.js';

/** The runtimes the bench runs the synchronizer on: the isolated ones and this process. */
export type SyncRuntime = 'local' | 'isolate' | 'inline';

export interface SyncSample {
  totalMs: number;
  spawnMs: number;
  protocolMs: number;
  coldStartMedianMs: number;
  /** Over the run's functions (master and slaves), from invoke (or prewarm) to the handler's start. */
  coldStartP95Ms: number;
  published: number;
  delivered: number;
  passed: boolean;
}

/**
 * The run's limit: the CLI's default (60 s + 100 ms a slave) is too short for N = 1000 on a
 * 2-core machine, where a run takes minutes; the bench wants the time, not a timeout.
 */
const syncTimeoutMs = (slaves: number): number => 60_000 + 600 * slaves;
/** Runs this large take minutes each and are measured once, whatever --reps says. */
export const ONCE_FROM_SLAVES = 1000;
const LEASE_MS = 5000;

/** One synchronizer run through the library, as `fnsync run --slaves N --runtime R` does it. */
export async function measureSynchronizer(
  fnsync: Fnsync,
  amqpUrl: string,
  runtimeName: SyncRuntime,
  slaves: number,
  options: { seed: number; runId: string; replicated?: boolean },
): Promise<SyncSample> {
  const { LocalRuntime, IsolateRuntime, InlineRuntime, runSynchronizer } = fnsync.library;
  const make = { local: () => new LocalRuntime(), isolate: () => new IsolateRuntime(), inline: () => new InlineRuntime() } as const;
  const invocations: Invocation[] = [];
  const runtime = recording(make[runtimeName](), invocations);
  try {
    const report = await runSynchronizer({
      amqpUrl,
      slaves,
      runtime,
      seed: options.seed,
      runId: options.runId,
      replicated: options.replicated,
      leaseMs: LEASE_MS,
      timeoutMs: syncTimeoutMs(slaves),
    });
    if (!report.verification.passed) throw new Error(`verification failed: ${report.verification.problems.slice(0, 3).join('; ')}`);
    const coldStarts = invocations.map((invocation) => invocation.coldStartMs() ?? NaN);
    return {
      totalMs: report.timings.totalMs,
      spawnMs: report.timings.spawnMs,
      protocolMs: report.timings.protocolMs,
      coldStartMedianMs: report.timings.coldStartMs.median,
      coldStartP95Ms: percentile(coldStarts, 95),
      published: report.messages.published,
      delivered: report.messages.delivered,
      passed: report.verification.passed,
    };
  } finally {
    await runtime.close();
  }
}

/** The runtime as it is, keeping every invocation it makes, for their cold starts. */
function recording(runtime: FunctionRuntime, invocations: Invocation[]): FunctionRuntime {
  return {
    name: runtime.name,
    onThisMachine: runtime.onThisMachine,
    invoke: (fn, payload, options) => {
      const invocation = runtime.invoke(fn, payload, options);
      invocations.push(invocation);
      return invocation;
    },
    ...(runtime.prewarm ? { prewarm: runtime.prewarm.bind(runtime) } : {}),
    close: () => runtime.close(),
  };
}
