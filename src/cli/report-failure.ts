import { type ExitCode, exitCodeFor, messageOf } from '../common/index.js';

/** Prints a failure as one line on stderr and returns its exit code. */
export function reportFailure(error: unknown): ExitCode {
  const code = exitCodeFor(error);
  process.stderr.write(`fnsync: ${messageOf(error)}\n`);
  if (process.env.FNSYNC_LOG === 'debug' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return code;
}
