import type { Command } from 'commander';
import { z } from 'zod';
import { integerText } from './parse-options.js';

/** Where the page is served unless the user asks for another address: this machine only. */
export const LOOPBACK = '127.0.0.1';

/** `--host` and `--port`, shared by `exercise --ui`, `view` and `node --ui`. */
export const WebOptions = {
  host: z
    .string()
    .regex(/^[\w.:-]+$/, { error: 'must be an address such as 127.0.0.1, 0.0.0.0 or ::1' })
    .default(LOOPBACK),
  port: z.preprocess(
    (v) => (typeof v === 'string' ? integerText(v) : v),
    z.int({ error: 'must be a port from 0 to 65535 (0: any free one)' }).min(0).max(65535),
  ),
};

export function addWebOptions(command: Command): Command {
  return command
    .option('--host <address>', `address to serve the page on (default ${LOOPBACK}: this machine only)`)
    .option('--port <n>', 'port to serve the page on (0: any free one)', '0');
}

/** The line that says where the page is and who can reach it. */
export function announce(what: string, url: string, host: string): string {
  const reach =
    host === LOOPBACK || host === 'localhost' || host === '::1'
      ? `listening on ${host} only: this machine alone can open it; --host ADDRESS serves it elsewhere`
      : `listening on ${host}: anyone who can reach this address can see${/stepper|dashboard/.test(what) ? ' and drive' : ''} it`;
  return `fnsync: ${what} at ${url} (${reach})`;
}
