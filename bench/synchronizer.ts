import type { FunctionRuntime } from '../src/index.js';
import type { Fnsync } from './fnsync.js';

export type SyncRuntime = 'local' | 'inline';

export interface SyncSample {
  totalMs: number;
  spawnMs: number;
  protocolMs: number;
  coldStartMedianMs: number;
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
  options: { seed: number; runId: string },
): Promise<SyncSample> {
  const { LocalRuntime, InlineRuntime, runSynchronizer } = fnsync.library;
  const runtime: FunctionRuntime = runtimeName === 'local' ? new LocalRuntime() : new InlineRuntime();
  try {
    const report = await runSynchronizer({
      amqpUrl,
      slaves,
      runtime,
      seed: options.seed,
      runId: options.runId,
      leaseMs: LEASE_MS,
      timeoutMs: syncTimeoutMs(slaves),
    });
    if (!report.verification.passed) throw new Error(`verification failed: ${report.verification.problems.slice(0, 3).join('; ')}`);
    return {
      totalMs: report.timings.totalMs,
      spawnMs: report.timings.spawnMs,
      protocolMs: report.timings.protocolMs,
      coldStartMedianMs: report.timings.coldStartMs.median,
      published: report.messages.published,
      delivered: report.messages.delivered,
      passed: report.verification.passed,
    };
  } finally {
    await runtime.close();
  }
}
