import { InterruptedError, sharedController } from '../common/index.js';

/**
 * Ctrl-C (or SIGTERM) aborts the run with an InterruptedError (exit 130, or 143 for SIGTERM)
 * instead of killing the CLI, so that the run's queues, exchange and processes are removed on the
 * way out; that teardown is bounded. A second signal exits at once.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = sharedController();
  const on = (name: 'SIGINT' | 'SIGTERM') => (): void => {
    const error = new InterruptedError(name);
    if (controller.signal.aborted) process.exit(error.exitCode);
    controller.abort(error);
  };
  const onInt = on('SIGINT');
  const onTerm = on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
