import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Where stepping commands come from: one line each; null once the input ended. */
export interface CommandSource {
  next(): Promise<string | null>;
  close(): void;
}

/**
 * Lines of a stream (a terminal or a pipe). Lines that arrive before they are asked for are kept,
 * so a scripted session (`printf 'step\nqueue\n' | fnsync ...`) replays exactly.
 */
export function lineSource(input: Readable): CommandSource {
  const lines: string[] = [];
  const waiters: ((line: string | null) => void)[] = [];
  let ended = false;
  const reader = createInterface({ input, terminal: false });
  reader.on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  reader.on('close', () => {
    ended = true;
    for (const waiter of waiters.splice(0)) waiter(null);
  });
  return {
    next: () => {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.resolve(null);
      return new Promise((resolve) => waiters.push(resolve));
    },
    close: () => {
      reader.close();
      // A terminal's stdin would otherwise keep the process alive after the run.
      input.pause();
    },
  };
}

/** A fixed script of commands (tests, and `--type stepping` without a terminal behind it). */
export function scriptedSource(commands: readonly string[]): CommandSource {
  const queue = [...commands];
  return { next: () => Promise.resolve(queue.shift() ?? null), close: () => undefined };
}
