import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ErrorCode, FnsyncError, InfrastructureError, InterruptedError, TimeoutError, messageOf } from '../common/index.js';
import { compiledPath } from '../orchestrator/index.js';
import type { CommandSource } from './command-source.js';
import { CrossedError, ExerciseSpec, type ToEngine } from './exercise-spec.js';
import type { ExerciseOutcome, ExerciseProgress } from './run-exercise.js';
import type { StepView } from './step-view.js';

const WORKER = compiledPath(new URL(`./exercise-worker${extname(import.meta.url)}`, import.meta.url));

/** Past the run's limit, how long a worker whose timers have not fired counts as alive. */
const STUCK_AFTER_MS = 1000;
/** How long the engine may take to tear down after its limit or an interrupt, before it is killed. */
const TEARDOWN_MS = 10_000;
/** After Ctrl-C, how long the engine has to tear down by itself. */
const INTERRUPT_GRACE_MS = 1000;

export type IsolatedOutcome = Omit<ExerciseOutcome, 'trace'>;

export interface Supervision {
  /** Stepping commands, read here (a terminal or a pipe) and handed to the engine one by one. */
  readonly commands?: CommandSource;
  readonly say: (line: string) => void;
  /** What the devices print (console.log and the like); default: stderr. */
  readonly print?: (chunk: string) => void;
  /** Progress, when the spec asks for it. */
  readonly onProgress?: (progress: ExerciseProgress) => void;
  /** What the run looks like at each stepping gate and at its end, when the spec asks for views. */
  readonly onView?: (view: StepView) => void;
  /** Ctrl-C: aborts with an InterruptedError. */
  readonly signal?: AbortSignal;
}

/**
 * Runs an exercise in a worker thread and supervises it from this one. A student's device that
 * never yields (`while (true) medium.receive()`) blocks its thread for good; this thread is not
 * blocked, so the run still ends within its limit plus a second, naming the device that ran last,
 * and the first Ctrl-C still ends it. Killing the worker closes its broker connections, so the
 * run's exclusive queues and auto-deleted exchange go with them.
 */
export function runExerciseInWorker(spec: ExerciseSpec, io: Supervision): Promise<IsolatedOutcome> {
  // Checked here, where an error still has its message: a bad spec is a bug of the caller's.
  const checked = ExerciseSpec.parse(spec);
  const active = new Int32Array(new SharedArrayBuffer(4)).fill(-1);
  const worker = new Worker(WORKER, { workerData: { spec: checked, active: active.buffer }, stdout: true });
  const print = io.print ?? ((chunk: string) => process.stderr.write(chunk));
  worker.stdout.setEncoding('utf8').on('data', print);
  const send = (message: ToEngine): void => worker.postMessage(message);
  return new Promise<IsolatedOutcome>((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (outcome: { ok: true; value: IsolatedOutcome } | { ok: false; error: Error }): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      io.signal?.removeEventListener('abort', onInterrupt);
      void worker.terminate();
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    };
    const kill = (error: Error, afterMs: number): void => {
      timers.push(setTimeout(() => finish({ ok: false, error }), afterMs));
    };
    const stuck = (): TimeoutError => {
      const device = Atomics.load(active, 0);
      const who = device >= 0 ? `device ${device} ran last and never yielded` : 'a device never yielded';
      return new TimeoutError(
        `the exercise did not finish within ${spec.timeoutMs} ms: ${who} (does it loop without \`await this.medium.waitForNextRound()\`?)`,
      );
    };
    const onInterrupt = (): void => {
      const reason: unknown = io.signal?.reason;
      const error = reason instanceof InterruptedError ? reason : new InterruptedError();
      send({ type: 'abort', signal: error.exitCode === 143 ? 'SIGTERM' : 'SIGINT' });
      kill(error, INTERRUPT_GRACE_MS);
    };
    if (io.signal?.aborted) onInterrupt();
    else io.signal?.addEventListener('abort', onInterrupt, { once: true });
    const stuckTimer = setTimeout(() => finish({ ok: false, error: stuck() }), spec.timeoutMs + STUCK_AFTER_MS);
    timers.push(stuckTimer);

    worker.on(
      'message',
      (message: {
        type: string;
        line?: string;
        outcome?: IsolatedOutcome;
        error?: unknown;
        progress?: ExerciseProgress;
        view?: StepView;
      }) => {
        switch (message.type) {
          case 'say':
            io.say(message.line ?? '');
            break;
          case 'view':
            if (message.view) io.onView?.(message.view);
            break;
          case 'progress':
            if (message.progress) io.onProgress?.(message.progress);
            break;
          case 'next':
            void (io.commands?.next() ?? Promise.resolve(null)).then((line) => send({ type: 'command', line }));
            break;
          case 'expired':
            // Its timers run: not stuck; give its own timeout and teardown a bounded while.
            clearTimeout(stuckTimer);
            kill(
              new TimeoutError(`the exercise did not finish within ${spec.timeoutMs} ms, nor tear down within ${TEARDOWN_MS} ms after`),
              TEARDOWN_MS,
            );
            break;
          case 'done':
            if (message.outcome) finish({ ok: true, value: message.outcome });
            break;
          case 'failed':
            finish({ ok: false, error: rebuild(message.error) });
            break;
        }
      },
    );
    worker.on('error', (error) =>
      finish({
        ok: false,
        error: new InfrastructureError(`the exercise engine failed: ${messageOf(error) || error.name}`, { cause: error }),
      }),
    );
    worker.on('exit', (code) =>
      finish({ ok: false, error: new InfrastructureError(`the exercise engine stopped (exit ${code}) before it reported`) }),
    );
  });
}

/** An error from the worker, with its code and exit code. */
function rebuild(raw: unknown): Error {
  const parsed = CrossedError.safeParse(raw);
  if (!parsed.success) return new InfrastructureError('the exercise engine failed without saying why');
  const { message, code, exitCode } = parsed.data;
  if (code === ErrorCode.Interrupted) return new InterruptedError(exitCode === 143 ? 'SIGTERM' : 'SIGINT');
  const known = Object.values(ErrorCode).find((candidate) => candidate === code);
  return new FnsyncError(known ?? ErrorCode.Infrastructure, message);
}
