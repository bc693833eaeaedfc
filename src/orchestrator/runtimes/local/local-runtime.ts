import { performance } from 'node:perf_hooks';
import { abortable, deadline, handled } from '../../../common/index.js';
import type { FunctionRef, FunctionRuntime, Invocation, InvokeOptions } from '../function-runtime.js';
import { InvocationError, nextInvocationId } from '../invocation-error.js';
import { WorkerProcess } from './worker-process.js';
import { FromWorker, type ToWorker } from './worker-protocol.js';

/**
 * A fresh Node process per invocation, as a FaaS platform gives: nothing shared, a cold start
 * measured from spawn to the handler's start, a crash or a timeout reported as an InvocationError.
 * `prewarm` starts processes before their payloads exist (a platform's provisioned concurrency),
 * so that their cold start overlaps the orchestrator's own set-up; each still serves one invocation.
 */
export class LocalRuntime implements FunctionRuntime {
  readonly name = 'local';
  private readonly workers = new Set<WorkerProcess>();
  /** Prewarmed processes not yet invoked, by run and function. */
  private readonly spares = new Map<string, WorkerProcess[]>();
  private readonly prewarmed = new Map<string, number>();

  /** Makes sure `count` processes of `fn` have been started for the run; idempotent. */
  prewarm(fn: FunctionRef, count: number, runId: string): void {
    const key = poolKey(fn, runId);
    const missing = count - (this.prewarmed.get(key) ?? 0);
    if (missing <= 0) return;
    this.prewarmed.set(key, count);
    const pool = this.spares.get(key) ?? [];
    for (let i = 0; i < missing; i++) pool.push(this.spawn(fn, runId));
    this.spares.set(key, pool);
  }

  invoke(fn: FunctionRef, payload: unknown, options: InvokeOptions): Invocation {
    const worker = this.spares.get(poolKey(fn, options.runId))?.shift() ?? this.spawn(fn, options.runId);
    const { child, invocationId: id } = worker;
    let startedAt: number | undefined;
    const limit = deadline(options.timeoutMs, () => InvocationError.timedOut(options.label, id, options.timeoutMs));
    const cancel = new AbortController();
    const signal = AbortSignal.any([cancel.signal, limit.signal]);
    // Whatever ends the invocation early, its process goes.
    signal.addEventListener('abort', () => child.kill('SIGKILL'), { once: true });

    const answer = new Promise<unknown>((resolve, reject) => {
      child.on('message', (raw: unknown) => {
        const parsed = FromWorker.safeParse(raw);
        if (!parsed.success) return;
        const message = parsed.data;
        if (message.type === 'started') startedAt = performance.now();
        else if (message.type === 'result') resolve(message.value);
        else reject(InvocationError.threw(options.label, id, new Error(message.message)));
      });
      void worker.closed.then(() => {
        reject(new InvocationError(options.label, id, worker.describeEnd()));
      });
    });
    const result = handled(abortable(answer, signal).finally(limit.clear));

    if (worker.ended === undefined) {
      const invoke: ToWorker = { type: 'invoke', invocationId: id, payload };
      child.send(invoke, (error) => {
        if (error) child.kill('SIGKILL');
      });
    }

    return {
      id,
      label: options.label,
      result,
      coldStartMs: () => (startedAt === undefined ? undefined : startedAt - worker.spawnedAt),
      cancel: async () => {
        cancel.abort(InvocationError.cancelled(options.label, id));
        await worker.kill();
      },
    };
  }

  /** Kills every process still running, prewarmed ones included. */
  async close(): Promise<void> {
    this.spares.clear();
    await Promise.all([...this.workers].map((worker) => worker.kill()));
  }

  private spawn(fn: FunctionRef, runId: string): WorkerProcess {
    const worker = new WorkerProcess(fn, runId, nextInvocationId(runId));
    this.workers.add(worker);
    void worker.closed.then(() => this.workers.delete(worker));
    return worker;
  }
}

function poolKey(fn: FunctionRef, runId: string): string {
  return `${runId}\u0000${fn.module}\u0000${fn.export}`;
}
