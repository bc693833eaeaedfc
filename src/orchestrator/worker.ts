/**
 * The entry of one `local` invocation: a fresh Node process that imports one function, runs it
 * once with the payload it receives over IPC, reports the result and exits. It loads nothing
 * but the function's module, since its start-up is the invocation's cold start.
 */
import { loadHandler } from './load-handler.js';
import { ToWorker, type FromWorker } from './worker-protocol.js';

const [, , , , , invocationId = '?', module = '', exportName = ''] = process.argv;

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

// Orphans are impossible: when the orchestrator goes, its IPC channel closes, and so do we.
process.on('disconnect', () => process.exit(70));

const controller = new AbortController();
process.on('SIGTERM', () => {
  controller.abort();
});

// Start importing while the payload is on its way.
const loading = loadHandler({ module, export: exportName });

process.once('message', (raw: unknown) => {
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
