import { setMaxListeners } from 'node:events';
import { InterruptedError, TimeoutError } from './errors.js';

/**
 * fnsync waits one way: a promise raced against an AbortSignal. A deadline, a cancel, Ctrl-C and
 * a lost connection are all signals (combined with AbortSignal.any), and a wait that is cut short
 * rejects with the signal's reason, which says what ran out or what went away.
 */

/**
 * An AbortController whose signal many waits may listen to at once (a connection's, a runtime's,
 * Ctrl-C's): Node warns of a leak past ten listeners, which is wrong for these.
 */
export function sharedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** A signal that aborts after `ms` with the error `reason()` makes; `clear()` stops its timer. */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly clear: () => void;
}

export function deadline(ms: number, reason: () => Error): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(reason());
  }, ms);
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
    },
  };
}

/** The error of a wait that ran past its limit: `<what> did not finish within <ms> ms (<detail>)`. */
export function timedOut(what: string, ms: number, detail?: string): TimeoutError {
  return new TimeoutError(`${what} did not finish within ${Math.round(ms)} ms${detail ? ` (${detail})` : ''}`);
}

/**
 * The reason an aborted signal carries, as an Error. AbortController.abort() without a reason
 * gives a DOMException 'This operation was aborted'; that is an interruption, and says so.
 */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return new InterruptedError();
  return reason instanceof Error ? reason : new Error(String(reason));
}

/**
 * Settles as `promise` does, or rejects with the signal's reason as soon as it aborts. The promise
 * itself runs on (nothing can stop it from here); its own later rejection is marked handled.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    handled(promise);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      handled(promise);
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes the promise's own reason through
        reject(error);
      },
    );
  });
}

/**
 * Waits for a promise for at most `ms`, failing with `timedOut(what, ms, detail())` after that. The
 * detail is asked for when time runs out, so that it can say what was still pending then.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string, detail?: () => string): Promise<T> {
  const limit = deadline(ms, () => timedOut(what, ms, detail?.()));
  try {
    return await abortable(promise, limit.signal);
  } finally {
    limit.clear();
  }
}

/**
 * Waits for `promise` for at most `ms` and never throws: for teardown, where one step that fails
 * or hangs (a frozen broker) must not keep the next from running. True if it settled in time.
 */
export async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<boolean> {
  try {
    await withTimeout(promise, ms, 'teardown');
    return true;
  } catch (error) {
    return !(error instanceof TimeoutError);
  }
}

/**
 * Runs teardown steps one after the other within one budget: each waits at most what is left of
 * it, and a step that fails or hangs never keeps the next from running. The last step gets what is
 * left too (at least nothing), so that it can drop what it must without waiting.
 */
export async function teardown(budgetMs: number, steps: readonly ((remainingMs: number) => Promise<unknown>)[]): Promise<void> {
  const end = performance.now() + budgetMs;
  for (const step of steps) {
    const remaining = Math.max(0, end - performance.now());
    await waitAtMost(
      Promise.resolve().then(() => step(remaining)),
      remaining,
    );
  }
}

/**
 * Marks a promise's rejection as handled, for promises that are raced or awaited later (or never,
 * when another failure ends things first); returns the same promise.
 */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(ignore);
  return promise;
}

function ignore(): void {
  // A rejection someone else reports.
}
