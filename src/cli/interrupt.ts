import { InterruptedError, sharedController } from '../common/index.js';

/** The run in progress, if any: the first signal aborts it; without one, the CLI exits at once. */
let current: AbortController | undefined;

/**
 * Installed first thing: Ctrl-C or SIGTERM ends the CLI at any moment. With a run in progress, the
 * first signal aborts it with an InterruptedError (exit 130, or 143 for SIGTERM), so that its
 * queues, exchange and processes are removed on the way out (a bounded teardown); before or after a
 * run there is nothing to remove, and the CLI exits at once. A second signal always exits at once.
 */
export function installInterruptHandling(): void {
  const on = (name: 'SIGINT' | 'SIGTERM') => (): void => {
    const error = new InterruptedError(name);
    if (current === undefined || current.signal.aborted) {
      process.stderr.write(`fnsync: ${error.message}\n`);
      process.exit(error.exitCode);
    }
    current.abort(error);
  };
  process.on('SIGINT', on('SIGINT'));
  process.on('SIGTERM', on('SIGTERM'));
}

/** A signal that the next Ctrl-C (or SIGTERM) aborts, for the run about to start. */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = sharedController();
  current = controller;
  return {
    signal: controller.signal,
    dispose: () => {
      if (current === controller) current = undefined;
    },
  };
}
