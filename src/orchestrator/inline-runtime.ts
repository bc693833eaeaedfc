import { performance } from 'node:perf_hooks';
import { sleep } from '../common/timeout.js';
import type { FunctionRef, FunctionRuntime, Invocation, InvokeOptions } from './function-runtime.js';
import { RuntimeName } from './function-runtime.js';
import { InvocationError, nextInvocationId } from './invocation-error.js';
import { loadHandler } from './load-handler.js';

/** How long cancel() waits for an aborted handler to close its connections. */
const CANCEL_GRACE_MS = 2000;

/**
 * Runs the handler in the orchestrator's own process: no isolation, no cold start, so large N
 * fits on one machine. A cancel aborts the handler's signal; the handler must honour it.
 */
export class InlineRuntime implements FunctionRuntime {
  readonly name = RuntimeName.Inline;

  invoke(fn: FunctionRef, payload: unknown, options: InvokeOptions): Invocation {
    const id = nextInvocationId(options.runId);
    const controller = new AbortController();
    const invokedAt = performance.now();
    let startedAt: number | undefined;
    let timer: NodeJS.Timeout | undefined;

    const run = async (): Promise<unknown> => {
      const handler = await loadHandler(fn);
      startedAt = performance.now();
      return handler(structuredClone(payload), { invocationId: id, signal: controller.signal });
    };
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Reject first: the abort that follows would otherwise report a cancel, not the timeout.
        reject(InvocationError.timedOut(options.label, id, options.timeoutMs));
        controller.abort();
      }, options.timeoutMs);
      controller.signal.addEventListener('abort', () => {
        reject(InvocationError.cancelled(options.label, id));
      });
    });
    const running = run().catch((error: unknown) => {
      throw error instanceof InvocationError ? error : InvocationError.threw(options.label, id, error);
    });
    const result = Promise.race([running, stopped]).finally(() => {
      clearTimeout(timer);
    });
    result.catch(() => undefined);
    // Cancel waits (briefly) for the handler to unwind, so that its connection is closed by then.
    const settled = running.then(
      () => undefined,
      () => undefined,
    );

    return {
      id,
      label: options.label,
      result,
      coldStartMs: () => (startedAt === undefined ? undefined : startedAt - invokedAt),
      cancel: async () => {
        controller.abort();
        await Promise.race([settled, sleep(CANCEL_GRACE_MS)]);
      },
    };
  }

  async close(): Promise<void> {
    // Nothing is held across invocations.
  }
}
