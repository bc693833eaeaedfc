import { InfrastructureError, TimeoutError, messageOf } from '../common/errors.js';
import { createLogger, type Logger } from '../common/logger.js';
import { BrokerConnection } from '../transport/index.js';
import { runNames, type RunNames } from './names.js';

/** What the master and a slave share for the length of one invocation. */
export interface Session {
  readonly connection: BrokerConnection;
  readonly names: RunNames;
  /** This function's own exclusive queue, bound to the run's bus. */
  readonly busQueue: string;
  readonly log: Logger;
  /** Logs a rejected message once, with the run id; never throws. */
  rejected: (where: string, reason: string) => void;
}

export interface SessionOptions {
  amqpUrl: string;
  runId: string;
  timeoutMs: number;
  /** `master` or `slave.3`: names the connection and the logs. */
  role: string;
  signal: AbortSignal;
  /** Best-effort last words on failure (the master's `abort`), published before the connection closes. */
  onFailure?: (session: Session, error: unknown) => void;
}

/** Thrown into a handler whose invocation the orchestrator cancelled. */
export class CancelledError extends InfrastructureError {}

/**
 * The life of one function: connect, bind a queue to the bus, let `body` subscribe and return
 * its completion (wrapped, so that it is not awaited before the subscriptions are set up), then wait for it against the run's timeout, a lost connection and
 * cancellation. Confirms are awaited before success counts; the connection (and with it the
 * exclusive queue) is closed whatever happened.
 */
export async function runSession<R>(options: SessionOptions, body: (session: Session) => Promise<{ finished: Promise<R> }>): Promise<R> {
  const names = runNames(options.runId);
  const log = createLogger(`${names.prefix} ${options.role}`);
  const connection = await BrokerConnection.connect({ url: options.amqpUrl, name: names.connection(options.role) });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let session: Session | undefined;
  try {
    const busQueue = await connection.declareExclusiveQueue(names.bus);
    session = {
      connection,
      names,
      busQueue,
      log,
      rejected: (where, reason) => {
        log.warn(`rejected a message on ${where}: ${reason}`);
      },
    };
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new TimeoutError(`${options.role} did not finish within the run's ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      onAbort = () => {
        reject(new CancelledError(`${options.role} was cancelled`));
      };
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    });
    stopped.catch(() => undefined);
    const { finished } = await Promise.race([body(session), connection.lost, stopped]);
    const result = await Promise.race([finished, connection.lost, stopped]);
    await Promise.race([connection.flush(), connection.lost, stopped]);
    return result;
  } catch (error) {
    if (session && options.onFailure) {
      try {
        options.onFailure(session, error);
        await Promise.race([connection.flush(), new Promise((resolve) => setTimeout(resolve, 500))]);
      } catch (lastWords) {
        log.debug(`could not publish its failure: ${messageOf(lastWords)}`);
      }
    }
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal.removeEventListener('abort', onAbort);
    await connection.close();
  }
}
