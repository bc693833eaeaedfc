import type { CommandSource } from '../emulator/index.js';

/**
 * Stepping commands from the page(s): every tab's buttons feed one queue, read by the stepper one
 * command at a time, exactly like the lines of a terminal.
 */
export function webCommands(): { source: CommandSource; push: (lines: readonly string[]) => void } {
  const queued: string[] = [];
  const waiters: ((line: string | null) => void)[] = [];
  let closed = false;
  return {
    push: (lines) => {
      for (const line of lines) {
        const waiter = waiters.shift();
        if (waiter) waiter(line);
        else queued.push(line);
      }
    },
    source: {
      next: () => {
        const line = queued.shift();
        if (line !== undefined) return Promise.resolve(line);
        if (closed) return Promise.resolve(null);
        return new Promise((resolve) => waiters.push(resolve));
      },
      close: () => {
        closed = true;
        for (const waiter of waiters.splice(0)) waiter(null);
      },
    },
  };
}
