import { handled } from '../../../common/index.js';
import type { Handler } from '../function-runtime.js';
import { ToWorker, type FromWorker } from './worker-protocol.js';

/** How long a started worker waits for its payload before it gives up and exits. */
const IDLE_EXIT_MS = 120_000;

/**
 * One `local` invocation inside its process: wait for the payload over IPC, run the handler once,
 * report, exit. `loading` is started by the caller before anything else, so that importing the
 * function overlaps with the payload's trip.
 */
export function runWorker(invocationId: string, loading: Promise<Handler>): void {
  // Orphans are impossible: when the orchestrator goes, its IPC channel closes, and so do we.
  process.on('disconnect', () => process.exit(70));
  const controller = new AbortController();
  process.on('SIGTERM', () => {
    controller.abort();
  });
  handled(loading); // reported when the payload arrives
  // A prewarmed process whose payload never comes does not linger.
  const idle = setTimeout(() => process.exit(0), IDLE_EXIT_MS);

  process.once('message', (raw: unknown) => {
    clearTimeout(idle);
    void (async () => {
      let exitCode = 0;
      try {
        const message = ToWorker.parse(raw);
        const handler = await loading;
        await send({ type: 'started' });
        const value = await handler(message.payload, { invocationId, signal: controller.signal });
        await send({ type: 'result', value });
      } catch (error) {
        exitCode = 1;
        const code = (error as { code?: unknown } | null)?.code;
        await send({
          type: 'error',
          message: error instanceof Error ? error.message : String(error),
          ...(typeof code === 'string' ? { code } : {}),
        });
      }
      process.exit(exitCode);
    })();
  });
}

function send(message: FromWorker): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) {
      resolve();
      return;
    }
    process.send(message, () => {
      resolve();
    });
  });
}
