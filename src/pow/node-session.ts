import { InfrastructureError, TimeoutError, abortable, createLogger, deadline, type Logger } from '../common/index.js';
import { BrokerConnection, RunKey } from '../transport/index.js';
import type { PowAddress } from './address.js';
import { powNames, type PowNames } from './names.js';
import { Tracer } from './tracer.js';

/** What a node (coordinator, worker, client) holds while it is connected. */
export interface NodeLink {
  readonly connection: BrokerConnection;
  readonly names: PowNames;
  readonly tracer: Tracer;
  readonly log: Logger;
}

/** Connects as `node`, authenticated with the run's key: every message it sends is tagged as its own. */
export async function openNode(address: PowAddress, node: string): Promise<NodeLink> {
  const names = powNames(address.runId);
  const connection = await BrokerConnection.connect({
    url: address.amqpUrl,
    name: names.connection(node),
    auth: { key: RunKey.fromSecret(address.runId, address.secret), sender: node },
  });
  return { connection, names, tracer: new Tracer(node, connection, names.trace), log: createLogger(`${names.prefix} ${node}`) };
}

/** Thrown into a node whose invocation was cancelled. */
class CancelledError extends InfrastructureError {}

/**
 * The life of a node function: connect, let `body` subscribe and return its completion, then wait
 * for it under one signal (the service's limit, a lost connection, a cancel). Confirms are awaited
 * before success counts; the connection is closed whatever happened.
 */
export async function runNode<R>(
  address: PowAddress,
  node: string,
  options: { timeoutMs: number; signal: AbortSignal },
  body: (link: NodeLink) => Promise<{ finished: Promise<R> }>,
): Promise<R> {
  const link = await openNode(address, node);
  const limit = deadline(options.timeoutMs, () => new TimeoutError(`${node} did not finish within the service's ${options.timeoutMs} ms`));
  const cancelled = AbortSignal.any([options.signal]);
  const signal = AbortSignal.any([limit.signal, link.connection.signal, cancelled]);
  try {
    const { finished } = await abortable(body(link), signal);
    const result = await abortable(finished, signal).catch((error: unknown) => {
      throw cancelled.aborted ? new CancelledError(`${node} was cancelled`) : error;
    });
    await abortable(link.connection.flush(), signal);
    return result;
  } finally {
    limit.clear();
    await link.connection.close();
  }
}
