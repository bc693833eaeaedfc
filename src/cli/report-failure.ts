import { exitCodeFor, messageOf, type ExitCode } from '../common/index.js';

/** Control characters (ANSI escapes included) never reach a terminal: some text comes from peers. */
// eslint-disable-next-line no-control-regex -- that is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Prints a failure as one line on stderr (`fnsync: ...`) and returns its exit code. With --json,
 * stdout gets `{"error": {code, exitCode, message}}` too, so that a machine reading stdout is
 * never left with nothing. FNSYNC_LOG=debug adds the stack.
 */
export function reportFailure(error: unknown, json = false): ExitCode {
  const exitCode = exitCodeFor(error);
  const message = messageOf(error).replace(CONTROL, '?');
  process.stderr.write(`fnsync: ${message}\n`);
  if (process.env.FNSYNC_LOG === 'debug' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  if (json) {
    const code = (error as { code?: unknown } | null)?.code;
    process.stdout.write(`${JSON.stringify({ error: { code: typeof code === 'string' ? code : 'infrastructure', exitCode, message } })}\n`);
  }
  return exitCode;
}
