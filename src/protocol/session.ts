import {
  InfrastructureError,
  TimeoutError,
  abortable,
  createLogger,
  deadline,
  messageOf,
  waitAtMost,
  type Logger,
} from '../common/index.js';
import { BrokerConnection, RejectReason, RunKey, type Delivery, type Schema } from '../transport/index.js';
import { runNames, type RunNames } from './names.js';
import type { FunctionStats } from './payloads.js';

/** What the master and a slave share for the length of one invocation. */
export interface Session {
  readonly connection: BrokerConnection;
  readonly names: RunNames;
  /** This function's own exclusive queue, bound to the run's bus (named, if `queue` asked for it). */
  readonly busQueue: string;
  readonly log: Logger;
  /** Consumes a queue: only authentic, valid messages reach `onMessage`; the rest are counted and logged (a few). */
  consume<T>(queue: string, where: string, schema: Schema<T>, onMessage: (message: T, delivery: Delivery) => void): Promise<void>;
  /** The protocol refuses a message (impostor, unexpected): counted, and logged if among the first few. */
  rejected(where: string, reason: RejectReason, detail: string): void;
  /** What this function published, received and rejected, for its result. */
  stats(): FunctionStats;
}

export interface SessionOptions {
  amqpUrl: string;
  replicated: boolean;
  runId: string;
  secret: string;
  timeoutMs: number;
  /** `master` or `slave.3`: names the connection, the logs, and the sender of every message. */
  role: string;
  /** A name for this function's bus queue, so that others can address it directly; server-named by default. */
  queue?: string;
  signal: AbortSignal;
  /** Best-effort last words on failure (the master's `abort`), published before the connection closes. */
  onFailure?: (session: Session, error: unknown) => void;
}

/**
 * How long a function may take to connect. Longer than a client's usual 5 s: the orchestrator has
 * already found the broker answering, and hundreds of functions connecting at once to a broker on
 * a loaded machine can take that long (seen at N = 300 on 2 busy cores). The run's limit bounds it.
 */
const CONNECT_TIMEOUT_MS = 30_000;

/** How long a failing function waits for its last words (the master's `abort`) to be confirmed. */
const LAST_WORDS_MS = 500;

/** Thrown into a handler whose invocation the orchestrator cancelled. */
class CancelledError extends InfrastructureError {}

/**
 * The life of one function: connect (authenticating as its role with the run's key), bind a queue
 * to the bus, let `body` subscribe and return its completion (wrapped, so that it is not awaited
 * before the subscriptions are set up), then wait for it under one signal: the run's timeout, a lost
 * connection, or cancellation. Confirms are awaited before success counts; the connection (and
 * with it the exclusive queue) is closed whatever happened.
 */
export async function runSession<R>(options: SessionOptions, body: (session: Session) => Promise<{ finished: Promise<R> }>): Promise<R> {
  const names = runNames(options.runId);
  const log = createLogger(`${names.prefix} ${options.role}`);
  const key = RunKey.fromSecret(options.runId, options.secret);
  const connection = await BrokerConnection.connect({
    url: options.amqpUrl,
    name: names.connection(options.role),
    timeoutMs: Math.min(CONNECT_TIMEOUT_MS, options.timeoutMs),
    auth: { key, sender: options.role },
    replicated: options.replicated,
  });
  log.debug('connected');
  const limit = deadline(
    options.timeoutMs,
    () => new TimeoutError(`${options.role} did not finish within the run's ${options.timeoutMs} ms`),
  );
  const cancelled = new AbortController();
  const onCancel = (): void => {
    cancelled.abort(new CancelledError(`${options.role} was cancelled`));
  };
  if (options.signal.aborted) onCancel();
  else options.signal.addEventListener('abort', onCancel, { once: true });
  const signal = AbortSignal.any([cancelled.signal, limit.signal, connection.signal]);
  const report = (where: string, reason: RejectReason, detail: string, first: boolean): void => {
    if (first) log.warn(`rejected a message on ${where} (${reason}): ${detail}`);
  };
  let session: Session | undefined;
  try {
    const { queue } = options;
    const busQueue =
      queue === undefined
        ? await abortable(connection.declareExclusiveQueue(names.bus), signal)
        : await abortable(
            connection.declareNamedExclusiveQueue(queue, names.bus).then(() => queue),
            signal,
          );
    session = {
      connection,
      names,
      busQueue,
      log,
      consume: async (queue, where, schema, onMessage) => {
        await connection.subscribe(queue, schema, {
          onMessage,
          onRejected: (reason, detail, first) => {
            report(where, reason, detail, first);
          },
          // The master's and slaves' state machines never change a message they receive.
          readOnly: true,
        });
      },
      rejected: (where, reason, detail) => {
        report(where, reason, detail, connection.rejections.count(reason));
      },
      stats: () => ({
        ...connection.stats,
        rejected: connection.rejections.total,
        rejectedBy: { ...connection.rejections.byReason },
        recovery: connection.recovered,
      }),
    };
    const { finished } = await abortable(body(session), signal);
    const result = await abortable(finished, signal);
    await abortable(connection.flush(), signal);
    const { published, delivered } = connection.stats;
    log.debug(`done: ${published} published, ${delivered} delivered, ${connection.rejections.total} rejected`);
    return result;
  } catch (error) {
    if (session && options.onFailure) {
      try {
        options.onFailure(session, error);
        await waitAtMost(connection.flush(), LAST_WORDS_MS);
      } catch (lastWords) {
        log.debug(`could not publish its failure: ${messageOf(lastWords)}`);
      }
    }
    throw error;
  } finally {
    const unlogged = connection.rejections.unlogged();
    if (unlogged !== '') log.warn(unlogged);
    limit.clear();
    options.signal.removeEventListener('abort', onCancel);
    await connection.close();
  }
}
