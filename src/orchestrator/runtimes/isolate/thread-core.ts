import { parentPort } from 'node:worker_threads';
import type { Handler } from '../function-runtime.js';
import { runWorker } from '../worker-core.js';

/**
 * One `isolate` invocation inside its thread: the shared worker loop over the thread's port. The
 * bundled workers (scripts/bundle-workers.mjs, `startThread`) and the generic thread-entry.ts
 * start here. The runtime cancels by terminating the thread, so the handler's signal never fires.
 */
export function runThreadWorker(invocationId: string, loading: Promise<Handler>, returned?: () => void): void {
  const port = parentPort;
  if (port === null) throw new Error('runThreadWorker runs inside a worker thread');
  runWorker(
    {
      onceMessage: (listener) => {
        port.once('message', listener);
      },
      send: (message) => {
        port.postMessage(message);
        return Promise.resolve();
      },
      // Ends this thread only; the runtime receives what was posted before.
      exit: (code) => process.exit(code),
    },
    invocationId,
    loading,
    new AbortController().signal,
    returned,
  );
}
