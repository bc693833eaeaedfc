import type { Socket } from 'node:net';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { abortable, deadline, handled, waitAtMost } from '../common/index.js';
import { BrokerUnreachableError } from './errors.js';
import { brokerAddress, redactUrl } from './url.js';

/** One open AMQP connection to one node, with its confirm channel. */
export interface Link {
  readonly model: ChannelModel;
  readonly channel: ConfirmChannel;
  /** The node's URL. */
  readonly url: string;
  /** Its place in the broker's list of nodes. */
  readonly index: number;
}

export interface OpenLinkOptions {
  /** `connection_name`, shown in the management UI. */
  readonly name: string;
  /** The whole attempt, over every node tried. */
  readonly timeoutMs: number;
  /**
   * Seconds between heartbeats, or undefined for the broker's choice (60 s): a link that must
   * notice a dead node asks for a short one (a killed machine sends no FIN).
   */
  readonly heartbeatS?: number;
}

/** How long one node may take to answer when others are left to try. */
const PER_NODE_MS = 3000;
/** How long close() waits for the broker's close-ok before it drops the socket (a frozen broker never answers). */
export const CLOSE_TIMEOUT_MS = 2000;

/**
 * Connects to the first node that answers, trying them in turn from `first` (so that a run's
 * functions spread their connections over a cluster's nodes), within one deadline. The error,
 * if none answers, says what each node said.
 */
export async function openLink(urls: readonly string[], first: number, options: OpenLinkOptions): Promise<Link> {
  const limit = deadline(options.timeoutMs, () => new Error(`no answer within ${options.timeoutMs} ms`));
  const failures: string[] = [];
  let cause: unknown;
  try {
    for (let tried = 0; tried < urls.length; tried++) {
      const index = (first + tried) % urls.length;
      const url = urls[index] ?? '';
      const last = tried === urls.length - 1;
      try {
        return await openOne(url, index, options, last ? options.timeoutMs : Math.min(PER_NODE_MS, options.timeoutMs), limit.signal);
      } catch (error) {
        cause = error;
        failures.push(urls.length > 1 ? `${brokerAddress(url)}: ${describe(error, url)}` : describe(error, url));
        if (limit.signal.aborted) break;
      }
    }
  } finally {
    limit.clear();
  }
  const where = urls.length > 1 ? `any of ${urls.length} nodes` : `${brokerAddress(urls[0] ?? '')} (${redactUrl(urls[0] ?? '')})`;
  const why = failures.join('; ') || `no answer within ${options.timeoutMs} ms`;
  throw new BrokerUnreachableError(`cannot connect to RabbitMQ at ${where}: ${why}`, { cause });
}

async function openOne(url: string, index: number, options: OpenLinkOptions, timeoutMs: number, overall: AbortSignal): Promise<Link> {
  const limit = deadline(timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`));
  const signal = AbortSignal.any([overall, limit.signal]);
  const connecting = connect(withHeartbeat(url, options.heartbeatS), {
    noDelay: true, // Nagle's algorithm costs ~40 ms per request/response on loopback
    timeout: timeoutMs,
    clientProperties: { connection_name: options.name },
  });
  try {
    const model = await abortable(connecting, signal);
    const channel = await abortable(model.createConfirmChannel(), signal).catch(async (error: unknown) => {
      await closeModel(model);
      throw error;
    });
    return { model, channel, url, index };
  } catch (error) {
    // A connection that opens after we gave up must still be closed, or it leaks.
    handled(connecting.then((late) => closeModel(late)));
    throw error;
  } finally {
    limit.clear();
  }
}

function withHeartbeat(url: string, heartbeatS: number | undefined): string {
  if (heartbeatS === undefined) return url;
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(heartbeatS));
  return parsed.toString();
}

/** The socket under a connection (amqplib does not type it). */
export function linkSocket(model: ChannelModel): Socket | undefined {
  return (model as unknown as { connection?: { stream?: Socket } }).connection?.stream;
}

/** Closes a connection, dropping its socket if the broker does not confirm in time; never throws. */
export async function closeModel(model: ChannelModel, waitMs = CLOSE_TIMEOUT_MS): Promise<void> {
  if (!(await waitAtMost(model.close(), waitMs))) {
    // amqplib waits for close-ok forever. Destroying its socket with an error (not without one: that
    // emits only 'close', which amqplib ignores) makes it close for good, heartbeat timers included;
    // they would otherwise keep the process alive for minutes.
    model.on('error', ignoreEvent);
    linkSocket(model)?.destroy(new Error('the broker did not answer the close'));
  }
}

export function ignoreEvent(): void {
  // The 'close' event that follows reports the failure.
}

/**
 * Why connecting failed, in the user's terms, with what to do: amqplib's own words for a wrong
 * vhost ("Expected ConnectionOpenOk; got <ConnectionClose channel:0>") or a port that is not AMQP
 * ("Frame size ... exceeds maxFrameSize") say neither.
 */
function describe(error: unknown, url: string): string {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const parsed = safeUrl(url);
  const user = parsed ? decodeURIComponent(parsed.username) || 'guest' : 'guest';
  const vhost = parsed ? decodeURIComponent(parsed.pathname.slice(1)) || '/' : '/';
  if (/ACCESS_REFUSED|auth/i.test(text))
    return `the broker refused the credentials of user '${user}'; check the user name and password in the URL`;
  if (/Expected ConnectionOpenOk; got <ConnectionClose/.test(text) || /NOT_ALLOWED/.test(text)) {
    return `the broker refused to open vhost '${vhost}' (it does not exist, or user '${user}' may not use it); check the URL's path`;
  }
  if (/Frame size \d+ exceeds maxFrameSize|Unexpected frame|Invalid frame/i.test(text)) {
    return 'the server there does not speak AMQP 0-9-1 (is it another service? RabbitMQ listens on 5672 for AMQP, 5671 for amqps)';
  }
  if (/^no answer within/.test(text))
    return `${text} (is it an AMQP port? the management UI's 15672 is HTTP, RabbitMQ's AMQP port is 5672)`;
  if (code === 'ECONNREFUSED') return 'nothing listens there (is RabbitMQ running, and on this port?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `no such host${parsed ? ` '${parsed.hostname}'` : ''}; check the URL's host`;
  return typeof code === 'string' ? `${code} ${text}`.replace(/^(\w+) \1/, '$1') : text;
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
