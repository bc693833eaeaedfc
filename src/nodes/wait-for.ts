import { abortable, deadline } from '../common/index.js';

/**
 * Waits for `promise` until `timeoutMs` (then rejects with `onTimeout()`) or until `signal` aborts
 * (then with its reason): every wait of a node is an event with a deadline.
 */
export async function waitFor<T>(
  promise: Promise<T>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  onTimeout: () => Error,
): Promise<T> {
  const limit = deadline(timeoutMs, onTimeout);
  try {
    return await abortable(promise, signal ? AbortSignal.any([limit.signal, signal]) : limit.signal);
  } finally {
    limit.clear();
  }
}
