import type { Fnsync } from './fnsync.js';

export type ExerciseTransport = 'memory' | 'amqp';

export interface ExerciseCase {
  lecture: number;
  algorithm: string;
  devices: number;
  transport: ExerciseTransport;
}

export interface ExerciseSample {
  messages: number;
  elapsedMs: number;
  msgsPerSec: number;
  passed: boolean;
}

/**
 * One exercise run through the engine's library API (what `fnsync exercise --type sync --json`
 * runs); amqp devices run on the inline runtime (the CLI's default). The rate is the engine's
 * own message count over its own elapsed time (network set-up and teardown included).
 */
export async function measureExercise(
  fnsync: Fnsync,
  amqpUrl: string,
  c: ExerciseCase,
  options: { seed: number; runId: string },
): Promise<ExerciseSample> {
  const { Mode, TransportName, noFaults, runExercise } = fnsync.emulator;
  const algorithm = fnsync.exercises.findAlgorithm(c.lecture, c.algorithm);
  const runtime = c.transport === 'amqp' ? new fnsync.library.InlineRuntime() : undefined;
  try {
    const outcome = await runExercise({
      algorithm,
      source: { kind: 'registry', lecture: c.lecture, name: c.algorithm },
      mode: Mode.Sync,
      devices: c.devices,
      transport: c.transport === 'amqp' ? TransportName.Amqp : TransportName.Memory,
      seed: options.seed,
      faults: noFaults,
      timeoutMs: 120_000,
      runId: options.runId,
      ...(runtime ? { amqpUrl, runtime } : {}),
    });
    if (!outcome.report.check.passed) throw new Error(`check failed: ${outcome.report.check.details}`);
    const messages = outcome.report.messages.total;
    return { messages, elapsedMs: outcome.elapsedMs, msgsPerSec: (messages / outcome.elapsedMs) * 1000, passed: true };
  } finally {
    await runtime?.close();
  }
}
