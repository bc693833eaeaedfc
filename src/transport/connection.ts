import { connect, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type { z } from 'zod';
import { decode, encode } from './codec.js';
import { BrokerUnreachableError, ConnectionLostError, PublishError, TransportError } from './errors.js';
import { brokerAddress, redactUrl } from './url.js';

export interface ConnectOptions {
  /** The broker, `amqp://user:pass@host:port[/vhost]`. Never printed with its password. */
  url: string;
  /** The `connection_name` client property (shown in the management UI), e.g. `fnsync.ab12.slave.3`. */
  name: string;
  /** How long connecting may take before it fails. Default: 5000 ms. */
  timeoutMs?: number;
}

export interface SubscribeHandlers<T> {
  /** One valid message. A throw here fails the connection (see `lost`). */
  onMessage(message: T): void;
  /** A message that is not JSON or fails the schema; it is dropped, never taken as input. */
  onInvalid?(reason: string): void;
}

export interface Subscription {
  cancel(): Promise<void>;
}

export interface TransportStats {
  published: number;
  delivered: number;
  rejected: number;
}

/**
 * One AMQP connection with one confirm channel: the whole surface fnsync needs of a broker.
 * Publishing is fire-and-forget with confirms collected by `flush()`; consuming validates
 * every message with a zod schema; an unexpected close rejects `lost`.
 */
export class BrokerConnection {
  readonly name: string;
  readonly stats: TransportStats = { published: 0, delivered: 0, rejected: 0 };
  /** Rejects with a ConnectionLostError when the connection or its channel fails; never resolves. */
  readonly lost: Promise<never>;

  private closing = false;
  private publishFailure: TransportError | undefined;
  private failLost: (error: Error) => void = () => undefined;

  private constructor(
    private readonly model: ChannelModel,
    private readonly channel: ConfirmChannel,
    name: string,
  ) {
    this.name = name;
    this.lost = new Promise<never>((_, reject) => {
      this.failLost = reject;
    });
    // An unobserved `lost` must not crash the process: callers race it, they are not forced to.
    this.lost.catch(() => undefined);
    // A channel's 'close' carries no reason: the 'error' before it does (404, 406, ...).
    let channelError: Error | undefined;
    const onFailure = (what: string) => (error?: Error) => {
      if (this.closing) return;
      const cause = error ?? channelError;
      const reason = cause ? `: ${cause.message}` : '';
      this.failLost(new ConnectionLostError(`${this.name}: ${what} closed unexpectedly${reason}`, { cause }));
    };
    model.on('error', () => undefined); // the 'close' that follows carries the same error
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
    const timeoutMs = options.timeoutMs ?? 5000;
    let model: ChannelModel | undefined;
    let timer: NodeJS.Timeout | undefined;
    let gaveUp = false;
    try {
      const connecting = connect(options.url, {
        noDelay: true, // Nagle's algorithm costs ~40 ms per request/response on loopback
        timeout: timeoutMs,
        clientProperties: { connection_name: options.name },
      });
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          gaveUp = true;
          reject(new Error(`no answer within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      // A connection that opens after the timeout must still be closed, or it leaks.
      connecting.then((late) => (gaveUp ? late.close() : undefined)).catch(() => undefined);
      model = await Promise.race([connecting, expired]);
      const channel = await model.createConfirmChannel();
      return new BrokerConnection(model, channel, options.name);
    } catch (error) {
      await model?.close().catch(() => undefined);
      throw new BrokerUnreachableError(
        `cannot connect to RabbitMQ at ${brokerAddress(options.url)} (${redactUrl(options.url)}): ${describe(error)}`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** A fanout exchange. Auto-deleted once its last queue unbinds, so a crashed run cannot leave it. */
  async declareFanout(name: string): Promise<void> {
    await this.channel.assertExchange(name, 'fanout', { durable: false, autoDelete: true });
  }

  /**
   * A named queue that outlives this connection (a run-scoped mailbox that others publish to).
   * Durable, as RabbitMQ 4 requires of non-exclusive queues, and expiring after `expiresMs`
   * unused, so that a crashed run cannot leave it behind.
   */
  async declareQueue(name: string, expiresMs: number): Promise<void> {
    await this.channel.assertQueue(name, { durable: true, arguments: { 'x-expires': expiresMs } });
  }

  /** A server-named exclusive queue, optionally bound to an exchange; gone when this connection closes. */
  async declareExclusiveQueue(bindTo?: string): Promise<string> {
    const { queue } = await this.channel.assertQueue('', { exclusive: true, durable: false, autoDelete: true });
    if (bindTo !== undefined) await this.channel.bindQueue(queue, bindTo, '');
    return queue;
  }

  /**
   * An exclusive queue with a name of our choosing (so that it carries the run's prefix), optionally
   * bound to an exchange; gone when this connection closes, also when its process dies.
   */
  async declareNamedExclusiveQueue(name: string, bindTo?: string): Promise<void> {
    await this.channel.assertQueue(name, { exclusive: true, durable: false, autoDelete: true });
    if (bindTo !== undefined) await this.channel.bindQueue(name, bindTo, '');
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
      await Promise.race([this.channel.waitForConfirms(), this.lost]);
    } catch (error) {
      throw error instanceof TransportError ? error : new PublishError(`${this.name}: publish not confirmed`, { cause: error });
    }
    if (this.publishFailure) throw this.publishFailure;
  }

  /** Consumes a queue until cancelled or closed; every message is decoded and validated first. */
  async subscribe<T>(queue: string, schema: z.ZodType<T>, handlers: SubscribeHandlers<T>): Promise<Subscription> {
    const { consumerTag } = await this.channel.consume(
      queue,
      (raw) => {
        if (raw === null) {
          this.failLost(new ConnectionLostError(`${this.name}: the broker cancelled the consumer of ${queue}`));
          return;
        }
        this.stats.delivered++;
        const decoded = decode(raw.content, schema);
        if (!decoded.ok) {
          this.stats.rejected++;
          handlers.onInvalid?.(decoded.reason);
          return;
        }
        try {
          handlers.onMessage(decoded.value);
        } catch (error) {
          this.failLost(error instanceof Error ? error : new Error(String(error)));
        }
      },
      // noAck: the consumer never stops before the run ends, so a delivered message is never lost
      // by unacknowledged buffering (the seed's bug), and acks would only cost round trips.
      { noAck: true, exclusive: true },
    );
    return {
      cancel: async () => {
        if (!this.closing) await this.channel.cancel(consumerTag).catch(() => undefined);
      },
    };
  }

  async deleteQueue(name: string): Promise<void> {
    await this.channel.deleteQueue(name);
  }

  async deleteExchange(name: string): Promise<void> {
    await this.channel.deleteExchange(name);
  }

  /** Whether a queue exists, asked on a throwaway channel (a 404 closes the channel it is asked on). */
  async queueExists(name: string): Promise<boolean> {
    return this.passiveCheck((ch) => ch.checkQueue(name));
  }

  async exchangeExists(name: string): Promise<boolean> {
    return this.passiveCheck((ch) => ch.checkExchange(name));
  }

  /** Closes the connection; exclusive queues go with it. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.model.close().catch(() => undefined);
  }

  private send(exchange: string, routingKey: string, message: unknown, mandatory: boolean): void {
    this.stats.published++;
    this.channel.publish(exchange, routingKey, encode(message), { contentType: 'application/json', mandatory }, (error: unknown) => {
      if (error)
        this.publishFailure ??= new PublishError(`${this.name}: the broker refused a message to '${routingKey || exchange}'`, {
          cause: error,
        });
    });
  }

  private async passiveCheck(check: (channel: ConfirmChannel) => Promise<unknown>): Promise<boolean> {
    const channel = await this.model.createConfirmChannel();
    channel.on('error', () => undefined);
    try {
      await check(channel);
      await channel.close();
      return true;
    } catch {
      return false;
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  // amqplib reports a refused login as a socket close with this text; say what it means.
  if (/ACCESS_REFUSED|auth/i.test(error.message)) return 'the broker refused the credentials';
  return typeof code === 'string' ? `${code} ${error.message}`.replace(/^(\w+) \1/, '$1') : error.message;
}
