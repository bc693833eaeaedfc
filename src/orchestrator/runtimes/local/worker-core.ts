import type { Handler } from '../function-runtime.js';
import { runWorker } from '../worker-core.js';

/**
 * One `local` invocation inside its process: the shared worker loop over IPC. The bundled
 * workers (scripts/bundle-workers.mjs) and the generic worker.ts start here.
 */
export function runProcessWorker(invocationId: string, loading: Promise<Handler>, returned?: () => void): void {
  // Orphans are impossible: when the orchestrator goes, its IPC channel closes, and so do we.
  process.on('disconnect', () => process.exit(70));
  const controller = new AbortController();
  process.on('SIGTERM', () => {
    controller.abort();
  });
  runWorker(
    {
      onceMessage: (listener) => {
        process.once('message', listener);
      },
      send: (message) =>
        new Promise((resolve) => {
          if (!process.send || !process.connected) {
            resolve();
            return;
          }
          process.send(message, () => {
            resolve();
          });
        }),
      exit: (code) => process.exit(code),
    },
    invocationId,
    loading,
    controller.signal,
    returned,
  );
}
