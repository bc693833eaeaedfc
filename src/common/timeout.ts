import { TimeoutError } from './errors.js';

/**
 * Races a promise against a timer. The timer is cleared either way, so a finished wait never
 * keeps the process alive.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string, detail?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // The detail is asked for when time runs out, so that it can say what was still pending then.
      reject(new TimeoutError(`${what} did not finish within ${ms} ms${detail ? ` (${detail()})` : ''}`));
    }, ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
