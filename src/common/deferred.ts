import { handled } from './wait.js';

/** A promise with its resolve and reject in hand, for state machines that settle from callbacks. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A deferred promise. `quiet` marks its rejection handled, for a deferred that may be rejected
 * before anyone awaits it (or when nobody will, because another failure ended the run first).
 */
export function deferred<T>(options: { quiet?: boolean } = {}): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  if (options.quiet) handled(promise);
  return { promise, resolve, reject };
}
