import type { Socket } from 'node:net';
import { connect, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type { z } from 'zod';
import { TimeoutError, abortable, deadline, handled, sharedController, timedOut, waitAtMost } from '../common/index.js';
import { decode, encode } from './codec.js';
import { RejectReason, Rejections } from './rejections.js';
import { FROM_HEADER, type RunKey } from './run-key.js';
import { BrokerUnreachableError, ConnectionLostError, PublishError, TransportError } from './errors.js';
import { brokerAddress, redactUrl } from './url.js';

export interface ConnectOptions {
  /** The broker, `amqp://user:pass@host:port[/vhost]`. Never printed with its password. */
  url: string;
  /** The `connection_name` client property (shown in the management UI), e.g. `fnsync.ab12.slave.3`. */
  name: string;
  /** How long connecting may take before it fails. Default: 5000 ms. */
  timeoutMs?: number;
  /** How long one broker operation (declare, bind, delete, consume) may take. Default: 10000 ms. */
  operationTimeoutMs?: number;
  /**
   * Authenticate as `sender` with the run's key: every publish is tagged, and every message
   * consumed must carry a valid tag (else it is rejected before it is decoded). Without it,
   * nothing is tagged or checked (the bench's raw floor, tests' watchers).
   */
  auth?: { readonly key: RunKey; readonly sender: string };
  /** Larger messages are rejected unread. Default: 1 MiB. */
  maxMessageBytes?: number;
}

/** What a consumer learns besides the message: who sent it, when the connection authenticates. */
export interface Delivery {
  /** The authenticated sender (`master`, `slave.3`, `device.2`), or undefined without auth. */
  readonly from: string | undefined;
}

export interface SubscribeHandlers<T> {
  /** One authentic, valid message. A throw here fails the connection (see `signal`). */
  onMessage(message: T, delivery: Delivery): void;
  /**
   * A message that was dropped, never taken as input (already counted in `rejections`): `log` is
   * true for the first few of each reason, so that a flood cannot flood the logs too.
   */
  onRejected?(reason: RejectReason, detail: string, log: boolean): void;
}

/** Like SubscribeHandlers, with `ack()` to call once the message is handled (see subscribeShared). */
export interface SharedHandlers<T> {
  onMessage(message: T, delivery: Delivery, ack: () => void): void;
  onRejected?: SubscribeHandlers<T>['onRejected'];
}

export interface Subscription {
  cancel(): Promise<void>;
}

export interface TransportStats {
  published: number;
  delivered: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const DEFAULT_OPERATION_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
/** How long close() waits for the broker's close-ok before it drops the socket (a frozen broker never answers). */
const CLOSE_TIMEOUT_MS = 2000;

/**
 * One AMQP connection with one confirm channel: the whole surface fnsync needs of a broker.
 * Publishing is fire-and-forget with confirms collected by `flush()`; consuming validates every
 * message with a zod schema; `signal` aborts with a ConnectionLostError when the connection or its
 * channel fails. Every operation has a deadline, close() included.
 */
export class BrokerConnection {
  readonly name: string;
  readonly stats: TransportStats = { published: 0, delivered: 0 };
  /** Every message this connection did not take as input, by reason (protocols add theirs). */
  readonly rejections = new Rejections();
  /** Aborts (with a ConnectionLostError) when the connection or its channel fails while in use. */
  readonly signal: AbortSignal;

  private closing = false;
  private publishFailure: TransportError | undefined;
  private readonly lostController = sharedController();
  /** Queues this connection is deleting: their consumers' cancellation is expected. */
  private readonly deleting = new Set<string>();

  private constructor(
    private readonly model: ChannelModel,
    private readonly channel: ConfirmChannel,
    name: string,
    private readonly operationTimeoutMs: number,
    private readonly auth: ConnectOptions['auth'],
    private readonly maxMessageBytes: number,
  ) {
    this.name = name;
    this.signal = this.lostController.signal;
    // A channel's 'close' carries no reason: the 'error' before it does (404, 406, ...).
    let channelError: Error | undefined;
    const onFailure = (what: string) => (error?: Error) => {
      const cause = error ?? channelError;
      const reason = cause ? `: ${cause.message}` : '';
      this.fail(new ConnectionLostError(`${this.name}: ${what} closed unexpectedly${reason}`, { cause }));
    };
    model.on('error', ignoreEvent); // the 'close' that follows carries the same error
    model.on('close', onFailure('broker connection'));
    channel.on('error', (error: Error) => {
      channelError = error;
    });
    channel.on('close', onFailure('channel'));
    channel.on('return', (message: ConsumeMessage) => {
      this.publishFailure ??= new PublishError(
        `${this.name}: a message to '${message.fields.routingKey}' was returned by the broker (no such queue)`,
      );
    });
  }

  static async connect(options: ConnectOptions): Promise<BrokerConnection> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const limit = deadline(timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`));
    const connecting = connect(options.url, {
      noDelay: true, // Nagle's algorithm costs ~40 ms per request/response on loopback
      timeout: timeoutMs,
      clientProperties: { connection_name: options.name },
    });
    let model: ChannelModel | undefined;
    try {
      model = await abortable(connecting, limit.signal);
      const channel = await abortable(model.createConfirmChannel(), limit.signal);
      return new BrokerConnection(
        model,
        channel,
        options.name,
        options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS,
        options.auth,
        options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      );
    } catch (error) {
      // A connection that opens after we gave up must still be closed, or it leaks.
      handled(connecting.then((late) => closeModel(late)));
      throw new BrokerUnreachableError(
        `cannot connect to RabbitMQ at ${brokerAddress(options.url)} (${redactUrl(options.url)}): ${describe(error, options.url)}`,
        { cause: error },
      );
    } finally {
      limit.clear();
    }
  }

  /** A fanout exchange. Auto-deleted once its last queue unbinds, so a crashed run cannot leave it. */
  async declareFanout(name: string): Promise<void> {
    await this.call(`declaring exchange ${name}`, this.channel.assertExchange(name, 'fanout', { durable: false, autoDelete: true }));
  }

  /**
   * A named queue that outlives this connection (a run-scoped mailbox that others publish to).
   * Durable, as RabbitMQ 4 requires of non-exclusive queues, and expiring after `expiresMs`
   * unused, so that a crashed run cannot leave it behind.
   */
  async declareQueue(name: string, expiresMs: number, extra: Readonly<Record<string, unknown>> = {}): Promise<void> {
    await this.call(
      `declaring queue ${name}`,
      this.channel.assertQueue(name, { durable: true, arguments: { ...extra, 'x-expires': expiresMs } }),
    );
  }

  /** A server-named exclusive queue, optionally bound to an exchange; gone when this connection closes. */
  async declareExclusiveQueue(bindTo?: string): Promise<string> {
    const { queue } = await this.call(
      'declaring a queue',
      this.channel.assertQueue('', { exclusive: true, durable: false, autoDelete: true }),
    );
    if (bindTo !== undefined) await this.call(`binding to ${bindTo}`, this.channel.bindQueue(queue, bindTo, ''));
    return queue;
  }

  /**
   * An exclusive queue with a name of our choosing (so that it carries the run's prefix), optionally
   * bound to an exchange; gone when this connection closes, also when its process dies.
   */
  async declareNamedExclusiveQueue(name: string, bindTo?: string): Promise<void> {
    await this.call(`declaring queue ${name}`, this.channel.assertQueue(name, { exclusive: true, durable: false, autoDelete: true }));
    if (bindTo !== undefined) await this.call(`binding ${name} to ${bindTo}`, this.channel.bindQueue(name, bindTo, ''));
  }

  /** Publishes a JSON message to an exchange. Confirms are collected by `flush()`. */
  publish(exchange: string, message: unknown, routingKey = ''): void {
    this.send(exchange, routingKey, message, false);
  }

  /** Publishes a JSON message to a named queue; a missing queue fails the next `flush()`. */
  sendToQueue(queue: string, message: unknown): void {
    this.send('', queue, message, true);
  }

  /** Waits until the broker confirmed everything published so far; throws if anything was lost. */
  async flush(): Promise<void> {
    try {
      await this.call('waiting for publish confirms', this.channel.waitForConfirms());
    } catch (error) {
      throw error instanceof TransportError ? error : new PublishError(`${this.name}: publish not confirmed`, { cause: error });
    }
    if (this.publishFailure) throw this.publishFailure;
  }

  /** Consumes a queue until cancelled or closed; every message is decoded and validated first. */
  async subscribe<T>(queue: string, schema: z.ZodType<T>, handlers: SubscribeHandlers<T>): Promise<Subscription> {
    const { consumerTag } = await this.call(
      `consuming ${queue}`,
      this.channel.consume(
        queue,
        (raw) => {
          if (raw === null) {
            this.consumerCancelled(queue);
            return;
          }
          this.stats.delivered++;
          this.accept(raw, schema, handlers);
        },
        // noAck: the consumer never stops before the run ends, so a delivered message is never lost
        // by unacknowledged buffering (the seed's bug), and acks would only cost round trips.
        { noAck: true, exclusive: true },
      ),
    );
    return {
      cancel: async () => {
        if (!this.closing) await waitAtMost(this.channel.cancel(consumerTag), this.operationTimeoutMs);
      },
    };
  }

  /**
   * Consumes a queue shared with other consumers (competing consumers, work pulling): at most
   * `prefetch` unacknowledged messages at a time, each acknowledged by `ack()` once handled, so that
   * the broker hands the messages of a consumer that died to another. A rejected message is
   * acknowledged at once (dropped: it would only come back).
   */
  async subscribeShared<T>(queue: string, schema: z.ZodType<T>, prefetch: number, handlers: SharedHandlers<T>): Promise<Subscription> {
    await this.call('setting the prefetch', this.channel.prefetch(prefetch));
    const { consumerTag } = await this.call(
      `consuming ${queue}`,
      this.channel.consume(
        queue,
        (raw) => {
          if (raw === null) {
            this.consumerCancelled(queue);
            return;
          }
          this.stats.delivered++;
          let acked = false;
          const ack = (): void => {
            if (acked || this.closing) return;
            acked = true;
            this.channel.ack(raw);
          };
          this.accept(raw, schema, {
            onMessage: (message, delivery) => {
              handlers.onMessage(message, delivery, ack);
            },
            onRejected: (reason, detail, log) => {
              ack();
              handlers.onRejected?.(reason, detail, log);
            },
          });
        },
        { noAck: false },
      ),
    );
    return {
      cancel: async () => {
        if (!this.closing) await waitAtMost(this.channel.cancel(consumerTag), this.operationTimeoutMs);
      },
    };
  }

  /**
   * Publishes to a queue and says whether the broker took it: false when it refused (a queue with
   * `x-overflow: reject-publish` that is full), so that "the first publish wins" can elect one of
   * many publishers. Unlike `sendToQueue`, a refusal does not fail the next `flush()`.
   */
  async offer(queue: string, message: unknown): Promise<boolean> {
    this.stats.published++;
    const body = encode(message);
    const headers = this.auth ? this.auth.key.sign(this.auth.sender, typeOf(message), body) : undefined;
    const taken = new Promise<boolean>((resolve) => {
      this.channel.publish('', queue, body, { contentType: 'application/json', headers }, (error: unknown) => {
        resolve(error === null || error === undefined);
      });
    });
    return this.call(`offering a message to ${queue}`, taken);
  }

  async deleteQueue(name: string): Promise<void> {
    this.deleting.add(name);
    await this.call(`deleting queue ${name}`, this.channel.deleteQueue(name));
  }

  /**
   * Deletes a queue only if nobody consumes it, atomically on the broker: true if it was deleted,
   * false if it has consumers or is gone. Among clients that each stop consuming and then ask,
   * exactly the last one gets true (how the last node of a cluster knows it is the last).
   */
  async deleteQueueIfUnused(name: string): Promise<boolean> {
    this.deleting.add(name);
    return this.passiveCheck((ch) => ch.deleteQueue(name, { ifUnused: true }));
  }

  async deleteExchange(name: string): Promise<void> {
    await this.call(`deleting exchange ${name}`, this.channel.deleteExchange(name));
  }

  /** Whether a queue exists, asked on a throwaway channel (a 404 closes the channel it is asked on). */
  async queueExists(name: string): Promise<boolean> {
    return this.passiveCheck((ch) => ch.checkQueue(name));
  }

  async exchangeExists(name: string): Promise<boolean> {
    return this.passiveCheck((ch) => ch.checkExchange(name));
  }

  /**
   * Declares an exclusive queue as a lock: true if this connection now holds it, false if another
   * connection does (the broker answers 405 RESOURCE_LOCKED, which costs only a throwaway channel).
   * It goes when this connection closes.
   */
  async claimExclusiveQueue(name: string): Promise<boolean> {
    return this.passiveCheck((ch) => ch.assertQueue(name, { exclusive: true, durable: false, autoDelete: true }));
  }

  /**
   * Closes the connection; exclusive queues go with it. Never throws and never waits more than
   * `waitMs` (default two seconds): a broker that does not answer gets its socket dropped. Safe to
   * call twice.
   */
  async close(waitMs = CLOSE_TIMEOUT_MS): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await closeModel(this.model, waitMs);
  }

  /** Checks one delivery in order (size, tag, JSON and schema, type) and hands it on, or rejects it. */
  private accept<T>(raw: ConsumeMessage, schema: z.ZodType<T>, handlers: SubscribeHandlers<T>): void {
    const reject = (reason: RejectReason, detail: string): void => {
      handlers.onRejected?.(reason, detail, this.rejections.count(reason));
    };
    const claimed: unknown = raw.properties.headers?.[FROM_HEADER];
    const claim = typeof claimed === 'string' ? ` claiming to be from ${claimed.slice(0, 60)}` : '';
    if (raw.content.length > this.maxMessageBytes) {
      reject(RejectReason.TooLarge, `a message of ${raw.content.length} bytes${claim} (the limit is ${this.maxMessageBytes})`);
      return;
    }
    let from: string | undefined;
    let type: string | undefined;
    if (this.auth) {
      const verified = this.auth.key.verify(raw.properties.headers, raw.content);
      if (!verified.ok) {
        reject(
          verified.why,
          `a message${claim} ${verified.why === RejectReason.Forged ? 'with a tag that does not match' : 'without a tag'}`,
        );
        return;
      }
      ({ from, type } = verified);
    }
    const decoded = decode(raw.content, schema);
    if (!decoded.ok) {
      reject(RejectReason.Invalid, `${decoded.reason}${claim}`);
      return;
    }
    if (type !== undefined && typeOf(decoded.value) !== type) {
      reject(RejectReason.Forged, `a message whose tag says ${type}, but it is a ${typeOf(decoded.value)}${claim}`);
      return;
    }
    try {
      handlers.onMessage(decoded.value, { from });
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** One broker operation, bounded by the operation timeout and cut short if the connection is lost. */
  private call<T>(what: string, operation: Promise<T>): Promise<T> {
    const limit = deadline(this.operationTimeoutMs, () =>
      timedOut(`${this.name}: ${what}`, this.operationTimeoutMs, 'the broker did not answer'),
    );
    return abortable(operation, AbortSignal.any([this.signal, limit.signal])).finally(limit.clear);
  }

  /** The broker cancelled a consumer: expected when we delete its queue, a lost connection otherwise. */
  private consumerCancelled(queue: string): void {
    if (!this.deleting.has(queue)) this.fail(new ConnectionLostError(`${this.name}: the broker cancelled the consumer of ${queue}`));
  }

  private fail(error: Error): void {
    if (this.closing || this.signal.aborted) return;
    this.lostController.abort(error);
  }

  private send(exchange: string, routingKey: string, message: unknown, mandatory: boolean): void {
    this.stats.published++;
    const body = encode(message);
    const headers = this.auth ? this.auth.key.sign(this.auth.sender, typeOf(message), body) : undefined;
    this.channel.publish(exchange, routingKey, body, { contentType: 'application/json', mandatory, headers }, (error: unknown) => {
      if (error)
        this.publishFailure ??= new PublishError(`${this.name}: the broker refused a message to '${routingKey || exchange}'`, {
          cause: error,
        });
    });
  }

  /** Asks something whose refusal closes the channel (404, 405) on a throwaway channel: true if it succeeded. */
  private async passiveCheck(check: (channel: ConfirmChannel) => Promise<unknown>): Promise<boolean> {
    const channel = await this.call('opening a channel', this.model.createConfirmChannel());
    channel.on('error', ignoreEvent);
    try {
      await this.call('a passive check', check(channel));
    } catch (error) {
      // A 404 answers the question; a lost connection or a silent broker does not.
      if (this.signal.aborted || error instanceof TimeoutError) throw error;
      return false;
    }
    await waitAtMost(channel.close(), this.operationTimeoutMs);
    return true;
  }
}

/** A message's kind, as its tag names it: its `type` (protocol messages) or its `k` (the exercise wire). */
function typeOf(message: unknown): string {
  if (typeof message !== 'object' || message === null) return '?';
  const { type, k } = message as { type?: unknown; k?: unknown };
  return typeof type === 'string' ? type : typeof k === 'string' ? k : '?';
}

/** Closes a connection, dropping its socket if the broker does not confirm in time; never throws. */
async function closeModel(model: ChannelModel, waitMs = CLOSE_TIMEOUT_MS): Promise<void> {
  if (!(await waitAtMost(model.close(), waitMs))) {
    // amqplib waits for close-ok forever. Destroying its socket with an error (not without one: that
    // emits only 'close', which amqplib ignores) makes it close for good, heartbeat timers included;
    // they would otherwise keep the process alive for minutes.
    model.on('error', ignoreEvent);
    (model as unknown as { connection?: { stream?: Socket } }).connection?.stream?.destroy(
      new Error('the broker did not answer the close'),
    );
  }
}

function ignoreEvent(): void {
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
