/**
 * The exercise engine in a worker thread of its own (see run-in-worker.ts): the supervising thread
 * stays free to answer Ctrl-C and to kill this one when a device never yields. Everything arrives
 * as plain data; the algorithm, the runtime and the signals are made here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InterruptedError, exitCodeFor, messageOf } from '../common/index.js';
import { createRuntime, type FunctionRuntime } from '../orchestrator/index.js';
import { shareActiveDevice } from './active-device.js';
import type { CommandSource } from './command-source.js';
import { ExerciseSpec, type CrossedError, type ToEngine } from './exercise-spec.js';
import { TransportName } from './modes.js';
import { resolveAlgorithm } from './resolve-algorithm.js';
import { runExercise } from './run-exercise.js';

const port = parentPort;
if (port === null) throw new Error('exercise-worker.js runs as a worker thread only');
const data = workerData as { spec: unknown; active: SharedArrayBuffer };
shareActiveDevice(new Int32Array(data.active));
const spec = ExerciseSpec.parse(data.spec);

const interrupt = new AbortController();
const waiting: ((line: string | null) => void)[] = [];
port.on('message', (message: ToEngine) => {
  if (message.type === 'command') waiting.shift()?.(message.line);
  else interrupt.abort(new InterruptedError(message.signal));
});
const commands: CommandSource = {
  next: () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      port.postMessage({ type: 'next' });
    }),
  close: () => {
    for (const resolve of waiting.splice(0)) resolve(null);
  },
};
// If this thread's timers still run at the run's limit, it is not stuck: the supervisor waits for the teardown.
const alive = setTimeout(() => port.postMessage({ type: 'expired' }), spec.timeoutMs);

async function main(): Promise<void> {
  let runtime: FunctionRuntime | undefined;
  try {
    const algorithm = await resolveAlgorithm(spec.source);
    runtime = spec.transport === TransportName.Amqp ? createRuntime(spec.runtime ?? 'inline') : undefined;
    const { trace: _trace, ...outcome } = await runExercise({
      algorithm,
      source: spec.source,
      mode: spec.mode,
      devices: spec.devices,
      transport: spec.transport,
      seed: spec.seed,
      faults: spec.faults,
      options: spec.options,
      timeoutMs: spec.timeoutMs,
      amqpUrl: spec.amqpUrl,
      replicated: spec.replicated,
      runtime,
      commands: spec.stepping ? commands : undefined,
      say: (line) => port?.postMessage({ type: 'say', line }),
      traceFile: spec.traceFile,
      signal: interrupt.signal,
      runId: spec.runId,
      ...(spec.views === true ? { onView: (view) => port?.postMessage({ type: 'view', view }) } : {}),
      ...(spec.progress ? { onProgress: (progress) => port?.postMessage({ type: 'progress', progress }) } : {}),
    });
    port?.postMessage({ type: 'done', outcome });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const crossed: CrossedError = {
      message: messageOf(error),
      exitCode: exitCodeFor(error),
      ...(typeof code === 'string' ? { code } : {}),
    };
    port?.postMessage({ type: 'failed', error: crossed });
  } finally {
    clearTimeout(alive);
    await runtime?.close();
    port?.close();
  }
}

void main();
