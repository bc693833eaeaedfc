import { performance } from 'node:perf_hooks';
import { abortable, deadline, handled, waitAtMost } from '../../../common/index.js';
import type { FunctionRef, FunctionRuntime, Handler, Invocation, InvokeOptions } from '../function-runtime.js';
import { InvocationError, nextInvocationId } from '../invocation-error.js';
import { loadHandler } from '../load-handler.js';

/** How long cancel() waits for an aborted handler to close its connections. */
const CANCEL_GRACE_MS = 1000;

/**
 * Runs the handler in the orchestrator's own process: no isolation, no cold start, so large N
 * fits on one machine. The invocation's lifetime is one signal (its timeout or a cancel), which
 * the handler gets and must honour.
 */
export class InlineRuntime implements FunctionRuntime {
  readonly name = 'inline';
  readonly onThisMachine = true;

  /** `inProcess`: handlers already loaded, by module path, run instead of importing the module again. */
  constructor(private readonly inProcess: ReadonlyMap<string, Handler> = new Map()) {}

  invoke(fn: FunctionRef, payload: unknown, options: InvokeOptions): Invocation {
    const id = nextInvocationId(options.runId);
    const cancel = new AbortController();
    const limit = deadline(options.timeoutMs, () => InvocationError.timedOut(options.label, id, options.timeoutMs));
    const signal = AbortSignal.any([cancel.signal, limit.signal]);
    const invokedAt = performance.now();
    let startedAt: number | undefined;

    const running = (async () => {
      const handler = this.inProcess.get(fn.module) ?? (await loadHandler(fn));
      startedAt = performance.now();
      return handler(structuredClone(payload), { invocationId: id, signal });
    })().catch((error: unknown) => {
      throw error instanceof InvocationError ? error : InvocationError.threw(options.label, id, error);
    });
    const result = handled(abortable(running, signal).finally(limit.clear));

    return {
      id,
      label: options.label,
      result,
      coldStartMs: () => (startedAt === undefined ? undefined : startedAt - invokedAt),
      cancel: async () => {
        cancel.abort(InvocationError.cancelled(options.label, id));
        // Briefly, so that the handler has closed its connections by the time cancel() returns.
        await waitAtMost(running, CANCEL_GRACE_MS);
      },
    };
  }

  async close(): Promise<void> {
    // Nothing is held across invocations.
  }
}
