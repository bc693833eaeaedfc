import { performance } from 'node:perf_hooks';
import { abortable, deadline, handled } from '../../common/index.js';
import type { FunctionRef, FunctionRuntime, Invocation, InvokeOptions } from './function-runtime.js';
import { InvocationError, nextInvocationId } from './invocation-error.js';
import { FromWorker, type ToWorker } from './worker-protocol.js';

/** One worker (a process, a thread) started for exactly one invocation, from start to end. */
export interface RuntimeWorker {
  /** The one invocation it serves. */
  readonly invocationId: string;
  /** performance.now() when it was started: its cold start counts from here. */
  readonly startedAt: number;
  /** True once it has ended and what it sent has arrived. */
  readonly ended: boolean;
  /** Resolves once it has ended and what it sent has arrived. */
  readonly closed: Promise<void>;
  onMessage(listener: (raw: unknown) => void): void;
  /** Hands it its payload; a worker that cannot take it is killed (and so ends the invocation). */
  deliver(message: ToWorker): void;
  /** Why it ended without a result: its exit code or signal, the last lines it wrote, ... */
  describeEnd(): string;
  /** Kills it, a tight loop included; resolves once it is gone. */
  kill(): Promise<void>;
}

export type StartWorker = (fn: FunctionRef, runId: string, invocationId: string) => RuntimeWorker;

/**
 * A runtime that runs each invocation in a fresh worker of its own (local: a process, isolate: a
 * thread with its own V8 isolate): nothing shared, a cold start measured from the worker's start
 * to the handler's, a crash or a timeout reported as an InvocationError. `prewarm` starts workers
 * before their payloads exist (a platform's provisioned concurrency), so that their cold start
 * overlaps the orchestrator's own set-up; each still serves one invocation.
 */
export abstract class WorkerRuntime implements FunctionRuntime {
  abstract readonly name: string;
  readonly onThisMachine = true;
  private readonly workers = new Set<RuntimeWorker>();
  /** Prewarmed workers not yet invoked, by run and function. */
  private readonly spares = new Map<string, RuntimeWorker[]>();
  private readonly prewarmed = new Map<string, number>();

  protected constructor(private readonly startWorker: StartWorker) {}

  /** Makes sure `count` workers of `fn` have been started for the run; idempotent. */
  prewarm(fn: FunctionRef, count: number, runId: string): void {
    const key = poolKey(fn, runId);
    const missing = count - (this.prewarmed.get(key) ?? 0);
    if (missing <= 0) return;
    this.prewarmed.set(key, count);
    const pool = this.spares.get(key) ?? [];
    for (let i = 0; i < missing; i++) pool.push(this.start(fn, runId));
    this.spares.set(key, pool);
  }

  invoke(fn: FunctionRef, payload: unknown, options: InvokeOptions): Invocation {
    const worker = this.spares.get(poolKey(fn, options.runId))?.shift() ?? this.start(fn, options.runId);
    const id = worker.invocationId;
    let handlerStartedAt: number | undefined;
    const limit = deadline(options.timeoutMs, () => InvocationError.timedOut(options.label, id, options.timeoutMs));
    const cancel = new AbortController();
    const signal = AbortSignal.any([cancel.signal, limit.signal]);
    // Whatever ends the invocation early, its worker goes.
    signal.addEventListener('abort', () => void worker.kill(), { once: true });

    const answer = new Promise<unknown>((resolve, reject) => {
      worker.onMessage((raw: unknown) => {
        const parsed = FromWorker.safeParse(raw);
        if (!parsed.success) return;
        const message = parsed.data;
        if (message.type === 'started') handlerStartedAt = performance.now();
        else if (message.type === 'result') resolve(message.value);
        else reject(InvocationError.threw(options.label, id, new Error(message.message)));
      });
      void worker.closed.then(() => {
        reject(new InvocationError(options.label, id, worker.describeEnd()));
      });
    });
    const result = handled(abortable(answer, signal).finally(limit.clear));

    if (!worker.ended) worker.deliver({ type: 'invoke', invocationId: id, payload });

    return {
      id,
      label: options.label,
      result,
      coldStartMs: () => (handlerStartedAt === undefined ? undefined : handlerStartedAt - worker.startedAt),
      cancel: async () => {
        cancel.abort(InvocationError.cancelled(options.label, id));
        await worker.kill();
      },
    };
  }

  /** Kills every worker still running, prewarmed ones included. */
  async close(): Promise<void> {
    this.spares.clear();
    await Promise.all([...this.workers].map((worker) => worker.kill()));
  }

  /** How many of its workers are still running: none after close(). */
  running(): number {
    return this.workers.size;
  }

  private start(fn: FunctionRef, runId: string): RuntimeWorker {
    const worker = this.startWorker(fn, runId, nextInvocationId(runId));
    this.workers.add(worker);
    void worker.closed.then(() => this.workers.delete(worker));
    return worker;
  }
}

function poolKey(fn: FunctionRef, runId: string): string {
  return `${runId}\u0000${fn.module}\u0000${fn.export}`;
}
