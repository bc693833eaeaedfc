import { handled } from '../../common/index.js';
import type { Handler } from './function-runtime.js';
import { ToWorker, type FromWorker } from './worker-protocol.js';

/** How long a started worker waits for its payload before it gives up and exits. */
const IDLE_EXIT_MS = 120_000;

/** How a worker talks to its runtime: a process over IPC (local), a thread over its port (isolate). */
export interface WorkerChannel {
  /** Calls `listener` with the first message from the runtime, once. */
  onceMessage(listener: (raw: unknown) => void): void;
  /** Resolves once the message is on its way. */
  send(message: FromWorker): Promise<void>;
  /** Ends the worker (its process or thread); what it sent before still arrives. */
  exit(code: number): void;
}

/**
 * One invocation inside its worker, whatever the worker is: wait for the payload, run the
 * handler once, report, exit. `loading` is started by the caller before anything else, so that
 * importing the function overlaps with the payload's trip. `returned` runs once the handler has
 * returned, before its result is reported (the bundle loader trains its code cache there).
 */
export function runWorker(
  channel: WorkerChannel,
  invocationId: string,
  loading: Promise<Handler>,
  signal: AbortSignal,
  returned?: () => void,
): void {
  handled(loading); // reported when the payload arrives
  // A prewarmed worker whose payload never comes does not linger.
  const idle = setTimeout(() => {
    channel.exit(0);
  }, IDLE_EXIT_MS);

  channel.onceMessage((raw: unknown) => {
    clearTimeout(idle);
    void (async () => {
      let exitCode = 0;
      try {
        const message = ToWorker.parse(raw);
        const handler = await loading;
        await channel.send({ type: 'started' });
        const value = await handler(message.payload, { invocationId, signal });
        returned?.();
        await channel.send({ type: 'result', value });
      } catch (error) {
        exitCode = 1;
        const code = (error as { code?: unknown } | null)?.code;
        await channel.send({
          type: 'error',
          message: error instanceof Error ? error.message : String(error),
          ...(typeof code === 'string' ? { code } : {}),
        });
      }
      channel.exit(exitCode);
    })();
  });
}
