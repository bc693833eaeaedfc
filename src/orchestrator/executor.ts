import { waitAtMost, withTimeout } from '../common/index.js';
import type { FunctionRef, FunctionRuntime, Invocation } from './runtimes/index.js';

export interface CallOptions {
  /** Who this is, for messages: `master`, `slave 3`. */
  label: string;
  /** Per-invocation limit. Default: the executor's `timeoutMs`. */
  timeoutMs?: number;
}

export interface ExecutorOptions {
  runtime: FunctionRuntime;
  /** Tags every invocation. */
  runId: string;
  /** Default per-invocation limit. */
  timeoutMs: number;
}

export const ReturnWhen = { AllCompleted: 'ALL_COMPLETED', AnyCompleted: 'ANY_COMPLETED', AnyFailed: 'ANY_FAILED' } as const;
export type ReturnWhen = (typeof ReturnWhen)[keyof typeof ReturnWhen];

export interface Future extends Invocation {
  /** 'running' until the result settles. */
  readonly status: () => 'running' | 'done' | 'failed';
}

/**
 * The Lithops FunctionExecutor shape (successor of the seed's PyWren) over any runtime:
 * callAsync, map, wait, getResult. It remembers every future it made, so that `cancelAll`
 * leaves nothing running whatever happened.
 */
export class FunctionExecutor {
  private readonly futures: Future[] = [];

  constructor(private readonly options: ExecutorOptions) {}

  callAsync(fn: FunctionRef, payload: unknown, call: CallOptions): Future {
    const invocation = this.options.runtime.invoke(fn, payload, {
      label: call.label,
      timeoutMs: call.timeoutMs ?? this.options.timeoutMs,
      runId: this.options.runId,
    });
    let status: 'running' | 'done' | 'failed' = 'running';
    invocation.result.then(
      () => (status = 'done'),
      () => (status = 'failed'),
    );
    const future: Future = {
      id: invocation.id,
      label: invocation.label,
      result: invocation.result,
      coldStartMs: () => invocation.coldStartMs(),
      cancel: () => invocation.cancel(),
      status: () => status,
    };
    this.futures.push(future);
    return future;
  }

  map<P>(fn: FunctionRef, payloads: readonly P[], label: (payload: P, index: number) => string): Future[] {
    return payloads.map((payload, index) => this.callAsync(fn, payload, { label: label(payload, index) }));
  }

  /**
   * Waits until the condition holds or `timeoutMs` passes, whichever is first; never throws for a
   * failed future (ask getResult for that).
   */
  async wait(
    futures: readonly Future[],
    options: { timeoutMs: number; returnWhen?: ReturnWhen },
  ): Promise<{ done: Future[]; notDone: Future[] }> {
    const returnWhen = options.returnWhen ?? ReturnWhen.AllCompleted;
    const settledAll = Promise.allSettled(futures.map((f) => f.result));
    const firstDone = Promise.race(
      futures.map((f) =>
        f.result.then(
          () => undefined,
          () => undefined,
        ),
      ),
    );
    const firstFailure = Promise.race(
      futures.map((f) =>
        f.result.then(
          () => new Promise<void>(() => undefined),
          () => undefined,
        ),
      ),
    );
    const target =
      returnWhen === ReturnWhen.AllCompleted
        ? settledAll
        : returnWhen === ReturnWhen.AnyCompleted
          ? firstDone
          : Promise.race([settledAll, firstFailure]);
    await waitAtMost(target, options.timeoutMs);
    return { done: futures.filter((f) => f.status() !== 'running'), notDone: futures.filter((f) => f.status() === 'running') };
  }

  /**
   * The results in order. Fails fast: the first failure (in time) cancels every other future of
   * this executor and is thrown; so is a TimeoutError after `timeoutMs`.
   */
  async getResult(futures: readonly Future[], options: { timeoutMs: number }): Promise<unknown[]> {
    const stillRunning = (): string =>
      `${futures
        .filter((f) => f.status() === 'running')
        .map((f) => f.label)
        .slice(0, 5)
        .join(', ')} still running`;
    try {
      return await withTimeout(Promise.all(futures.map((f) => f.result)), options.timeoutMs, 'the run', stillRunning);
    } catch (error) {
      await this.cancelAll();
      throw error;
    }
  }

  /** Cancels every future still running; resolves when they are gone. */
  async cancelAll(): Promise<void> {
    await Promise.all(this.futures.filter((f) => f.status() === 'running').map((f) => f.cancel()));
  }
}
