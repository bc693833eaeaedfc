import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import {
  abortable,
  createLogger,
  deadline,
  handled,
  messageOf,
  sharedController,
  timedOut,
  waitAtMost,
  withTimeout,
} from '../common/index.js';
import { decode, encode, type Schema } from './codec.js';
import { decodeVerified } from './decode-verified.js';
import { CLOSE_TIMEOUT_MS, closeModel, ignoreEvent, linkSocket, openLink, type Link } from './link.js';
import { Outbox, type Outgoing } from './outbox.js';
import { RecentIds } from './recent-ids.js';
import type { RecoveryStats } from './recovery.js';
import { RejectReason, Rejections } from './rejections.js';
import { FROM_HEADER, type RunKey } from './run-key.js';
import { Topology } from './topology.js';
import { ConnectionLostError, PublishError, TransportError } from './errors.js';
import { brokerAddress, brokerUrls } from './url.js';

export interface ConnectOptions {
  /**
   * The broker: `amqp://user:pass@host:port[/vhost]`, or a cluster's nodes separated by commas.
   * Never printed with a password. Connections spread over the nodes (by `name`).
   */
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
  /**
   * Survive the loss of a cluster node: every queue this connection declares is a quorum queue
   * (replicated over a majority of the nodes), its own queues included (named after it, deleted
   * when it closes, and expiring should it die); every message consumed is acknowledged once
   * handled, every publish is confirmed and sent again after a reconnect or a refusal, and copies
   * are recognized by their message ids and dropped. A lost connection reconnects to the next
   * node within `reconnectMs`. Default: false (one node: exclusive queues, no acks, and a lost
   * connection fails at once; cheaper).
   */
  replicated?: boolean;
  /** How long a replicated connection tries to reach a node after losing its own. Default: 30000 ms. */
  reconnectMs?: number;
}

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
  /**
   * True when `onMessage` never changes a message: receivers in one process (inline functions)
   * then share one decoded, frozen copy of an authenticated message they all receive.
   */
  readonly readOnly?: boolean;
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
const DEFAULT_RECONNECT_MS = 30_000;
/** Heartbeats of a replicated connection: a node that dies without a FIN is noticed within two of them. */
const REPLICATED_HEARTBEAT_S = 5;
/** Unacknowledged deliveries a replicated consumer may hold (its handler is synchronous). */
const REPLICATED_PREFETCH = 1000;
/** How long before a refused publish (a quorum queue between leaders) or a failed reconnect is tried again. */
const RETRY_MS = 250;
/** How long declaring and consuming again may take on one node before the next is tried. */
const REPLAY_TRY_MS = 5000;
/**
 * A publish refused, or not answered at all, this long on one link makes the connection open a new
 * one: RabbitMQ 3.10 can keep refusing, or never confirm, on a channel that published to a quorum
 * queue while it had no leader, also once it has one again.
 */
const UNSETTLED_RENEW_MS = 3000;

/** A consumer as its connection keeps it, so that a reconnect can start it again on the new link. */
interface Consumer {
  readonly queue: string;
  /** Shared consumers acknowledge when their handler says; others at once (replicated) or never. */
  readonly prefetch: number | undefined;
  readonly deliver: (raw: ConsumeMessage, link: Link) => void;
  tag: string | undefined;
  link: Link | undefined;
  /** When it last got a delivery (or started): a consumer the broker stopped feeding is found by it. */
  fedAt: number;
}

const log = createLogger('broker');

/**
 * One AMQP connection with one confirm channel: the whole surface fnsync needs of a broker.
 * Publishing is fire-and-forget with confirms collected by `flush()`; consuming validates every
 * message with a zod schema; `signal` aborts with a ConnectionLostError when the connection or its
 * channel fails for good (at once, or, replicated, once no node took it back). Every operation
 * has a deadline, close() included.
 */
export class BrokerConnection {
  readonly name: string;
  readonly stats: TransportStats = { published: 0, delivered: 0 };
  /** Every message this connection did not take as input, by reason (protocols add theirs). */
  readonly rejections = new Rejections();
  /** Aborts (with a ConnectionLostError) when the connection or its channel fails while in use. */
  readonly signal: AbortSignal;
  /** Replicated: how many times it reconnected, the copies it dropped, the messages it sent again. */
  readonly recovery: RecoveryStats = { reconnects: 0, duplicates: 0, resent: 0 };

  /** `recovery` when replicated (a copy), else undefined: what a function reports. */
  get recovered(): RecoveryStats | undefined {
    return this.replicated ? { ...this.recovery } : undefined;
  }

  private link: Link;
  /** Links that went, with why when they said: nothing more is acknowledged or sent on them. */
  private readonly lost = new WeakMap<Link, Error | undefined>();
  private reconnecting: Promise<void> | undefined;
  /** Replicated: when each unconfirmed publish (by outbox id) was first sent on this link, oldest first. */
  private readonly unsettled = new Map<number, number>();
  private watchdog: NodeJS.Timeout | undefined;
  /** A watchdog check of the consumed queues is under way. */
  private checking = false;
  private closing = false;
  private publishFailure: TransportError | undefined;
  private readonly lostController = sharedController();
  /** Queues this connection is deleting: their consumers' cancellation is expected. */
  private readonly deleting = new Set<string>();
  private readonly outbox = new Outbox();
  private readonly topology = new Topology();
  private readonly consumers = new Set<Consumer>();
  /** Replicated: the quorum queues standing in for exclusive ones, deleted on close. */
  private readonly owned = new Set<string>();
  /** Exclusive queues held as locks, claimed again after a reconnect. */
  private readonly locks = new Set<string>();
  /** Replicated: message ids are `<nonce>.<n>`, unique per publish. */
  private readonly nonce = randomBytes(6).toString('base64url');
  private sequence = 0;

  private constructor(
    link: Link,
    private readonly urls: readonly string[],
    private readonly options: Required<Pick<ConnectOptions, 'operationTimeoutMs' | 'maxMessageBytes' | 'reconnectMs' | 'replicated'>> &
      Pick<ConnectOptions, 'auth' | 'name'>,
  ) {
    this.name = options.name;
    this.signal = this.lostController.signal;
    this.link = link;
    this.watch(link);
    if (options.replicated) {
      this.watchdog = setInterval(() => {
        this.checkUnsettled();
      }, RETRY_MS * 4).unref();
    }
  }

  /**
   * Replicated: a link is renewed when its oldest unconfirmed publish waits too long, or when a
   * queue it consumes (with a handler that acknowledges at once) holds ready messages that were not
   * delivered for as long: RabbitMQ 3.10 can leave a consumer that registered while its quorum
   * queue had no leader unfed.
   */
  private checkUnsettled(): void {
    if (this.closing || this.reconnecting !== undefined || this.checking) return;
    const now = performance.now();
    const oldest = this.unsettled.values().next();
    if (oldest.done !== true && now - oldest.value > UNSETTLED_RENEW_MS) {
      this.renew(this.link);
      return;
    }
    const link = this.link;
    const hungry = [...this.consumers].filter((c) => c.prefetch === undefined && c.link === link && now - c.fedAt > UNSETTLED_RENEW_MS);
    if (hungry.length === 0) return;
    this.checking = true;
    void Promise.all(hungry.map((c) => this.readyMessages(link, c.queue)))
      .then((counts) => {
        if (counts.some((n) => n > 0) && link === this.link) this.renew(link);
        else for (const consumer of hungry) consumer.fedAt = performance.now();
      }, ignoreEvent)
      .finally(() => {
        this.checking = false;
      });
  }

  static async connect(options: ConnectOptions): Promise<BrokerConnection> {
    const urls = brokerUrls(options.url);
    const replicated = options.replicated ?? false;
    const link = await openLink(urls, firstNode(options.name, urls.length), {
      name: options.name,
      timeoutMs: options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      heartbeatS: replicated ? REPLICATED_HEARTBEAT_S : undefined,
    });
    return new BrokerConnection(link, urls, {
      name: options.name,
      auth: options.auth,
      replicated,
      operationTimeoutMs: options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS,
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      reconnectMs: options.reconnectMs ?? DEFAULT_RECONNECT_MS,
    });
  }

  /** Whether this connection survives the loss of a node (see ConnectOptions.replicated). */
  get replicated(): boolean {
    return this.options.replicated;
  }

  /** The node it is connected to now, `host:port`. */
  get node(): string {
    return brokerAddress(this.link.url);
  }

  /**
   * The URL of the node it is connected to, its host name replaced by the address that name
   * resolved to: functions on this machine given it connect without a name lookup (and, for
   * `localhost`, without compiling Node's IPv6 pattern) each. TLS URLs (the name is checked against
   * the certificate) and a cluster's URLs (functions spread over its nodes) are returned as given.
   */
  get resolvedUrl(): string {
    if (this.urls.length !== 1) return this.urls.join(',');
    const url = new URL(this.link.url);
    const address = linkSocket(this.link.model)?.remoteAddress;
    if (url.protocol !== 'amqp:' || address === undefined || isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0) return this.link.url;
    url.hostname = isIP(address) === 6 ? `[${address}]` : address;
    return url.toString();
  }

  /**
   * A fanout exchange. Auto-deleted once its last queue unbinds, so a crashed run cannot leave it.
   * Replicated, durable too: a transient exchange's bindings to quorum queues are transient, and
   * the loss of the node that made them takes them away (the publishes meanwhile go nowhere).
   */
  async declareFanout(name: string): Promise<void> {
    const options = { durable: this.replicated, autoDelete: true };
    await this.call(`declaring exchange ${name}`, ({ channel }) => channel.assertExchange(name, 'fanout', options));
    this.topology.exchange(name, 'fanout', options);
  }

  /**
   * A named queue that outlives this connection (a run-scoped mailbox that others publish to).
   * Durable, as RabbitMQ 4 requires of non-exclusive queues, and expiring after `expiresMs`
   * unused, so that a crashed run cannot leave it behind. Replicated: a quorum queue.
   */
  async declareQueue(name: string, expiresMs: number, extra: Readonly<Record<string, unknown>> = {}): Promise<void> {
    await this.assertQueue(name, { durable: true, arguments: { ...extra, 'x-expires': expiresMs, ...this.queueType() } });
  }

  /**
   * A queue of this connection's own, optionally bound to an exchange; gone when this connection
   * closes. Server-named and exclusive, or, replicated, a quorum queue named after the connection.
   */
  async declareExclusiveQueue(bindTo?: string): Promise<string> {
    if (this.replicated) {
      const name = `${this.name}.${this.nonce}.${this.owned.size}`;
      await this.declareNamedExclusiveQueue(name, bindTo);
      return name;
    }
    const { queue } = await this.call('declaring a queue', ({ channel }) =>
      channel.assertQueue('', { exclusive: true, durable: false, autoDelete: true }),
    );
    if (bindTo !== undefined) await this.bind(queue, bindTo);
    return queue;
  }

  /**
   * A queue of this connection's own with a name of our choosing (so that it carries the run's
   * prefix), optionally bound to an exchange; gone when this connection closes, also when its
   * process dies (exclusive; replicated: a quorum queue deleted on close, expiring should it die).
   */
  async declareNamedExclusiveQueue(name: string, bindTo?: string): Promise<void> {
    if (this.replicated) {
      // Longer than a reconnect: a queue waiting for its consumer to come back must still be there.
      await this.assertQueue(name, { durable: true, arguments: { 'x-expires': 2 * this.options.reconnectMs, ...this.queueType() } });
      this.owned.add(name);
    } else {
      await this.call(`declaring queue ${name}`, ({ channel }) =>
        channel.assertQueue(name, { exclusive: true, durable: false, autoDelete: true }),
      );
    }
    if (bindTo !== undefined) await this.bind(name, bindTo);
  }

  /** Publishes a JSON message to an exchange. Confirms are collected by `flush()`. */
  publish(exchange: string, message: unknown, routingKey = ''): void {
    this.send(exchange, routingKey, message, false);
  }

  /** Publishes a JSON message to a named queue; a missing queue fails the next `flush()`. */
  sendToQueue(queue: string, message: unknown): void {
    this.send('', queue, message, true);
  }

  /**
   * Waits until the broker confirmed everything published so far; throws if anything since the
   * last flush was lost. A loss is reported once: what is sent after it is judged on its own.
   */
  async flush(): Promise<void> {
    try {
      await this.call('waiting for publish confirms', () => this.outbox.drained());
    } catch (error) {
      throw error instanceof TransportError ? error : new PublishError(`${this.name}: publish not confirmed`, { cause: error });
    }
    const failure = this.publishFailure;
    this.publishFailure = undefined;
    if (failure) throw failure;
  }

  /** Consumes a queue until cancelled or closed; every message is decoded and validated first. */
  async subscribe<T>(queue: string, schema: Schema<T>, handlers: SubscribeHandlers<T>): Promise<Subscription> {
    const recent = this.replicated ? new RecentIds() : undefined;
    return this.consume({
      queue,
      prefetch: undefined,
      // Not replicated, noAck: the consumer never stops before the run ends, so a delivered message
      // is never lost by unacknowledged buffering (the seed's bug), and acks would only cost round
      // trips. Replicated, a delivery the lost node took with it must come again: ack once handled.
      deliver: (raw, link) => {
        this.stats.delivered++;
        this.accept(
          raw,
          schema,
          (message, delivery) => {
            handlers.onMessage(message, delivery);
          },
          (reason, detail, first) => handlers.onRejected?.(reason, detail, first),
          recent,
          handlers.readOnly === true,
        );
        if (recent) this.ack(raw, link);
      },
      tag: undefined,
      link: undefined,
      fedAt: 0,
    });
  }

  /**
   * Consumes a queue shared with other consumers (competing consumers, work pulling): at most
   * `prefetch` unacknowledged messages at a time, each acknowledged by `ack()` once handled, so that
   * the broker hands the messages of a consumer that died to another. A rejected message is
   * acknowledged at once (dropped: it would only come back).
   */
  async subscribeShared<T>(queue: string, schema: Schema<T>, prefetch: number, handlers: SharedHandlers<T>): Promise<Subscription> {
    const recent = this.replicated ? new RecentIds() : undefined;
    return this.consume({
      queue,
      prefetch,
      deliver: (raw, link) => {
        this.stats.delivered++;
        let acked = false;
        const ack = (): void => {
          if (acked) return;
          acked = true;
          this.ack(raw, link);
        };
        const taken = this.accept(
          raw,
          schema,
          (message, delivery) => {
            handlers.onMessage(message, delivery, ack);
          },
          (reason, detail, first) => handlers.onRejected?.(reason, detail, first),
          recent,
          false,
        );
        if (!taken) ack();
      },
      tag: undefined,
      link: undefined,
      fedAt: 0,
    });
  }

  /**
   * Publishes to a queue and says whether the broker took it: false when it refused (a queue with
   * `x-overflow: reject-publish` that is full), so that "the first publish wins" can elect one of
   * many publishers. Unlike `sendToQueue`, a refusal does not fail the next `flush()`.
   */
  async offer(queue: string, message: unknown): Promise<boolean> {
    const outgoing = this.outgoing('', queue, message, false);
    return this.call(
      `offering a message to ${queue}`,
      ({ channel }) =>
        new Promise<boolean>((resolve) => {
          channel.publish('', queue, outgoing.body, outgoing.options, (error: unknown) => {
            resolve(error === null || error === undefined);
          });
        }),
    );
  }

  async deleteQueue(name: string): Promise<void> {
    this.deleting.add(name);
    this.topology.forget(name);
    this.owned.delete(name);
    await this.call(`deleting queue ${name}`, ({ channel }) => channel.deleteQueue(name));
  }

  /**
   * Deletes a queue only if nobody consumes it, atomically on the broker: true if it was deleted,
   * false if it has consumers or is gone. Among clients that each stop consuming and then ask,
   * exactly the last one gets true (how the last node of a cluster knows it is the last).
   * Replicated: quorum queues refuse `if-unused`, so it asks for the consumer count, then deletes;
   * two clients that ask in the same moment may both get true.
   */
  async deleteQueueIfUnused(name: string): Promise<boolean> {
    this.deleting.add(name);
    this.topology.forget(name);
    if (!this.replicated) return this.passiveCheck((ch) => ch.deleteQueue(name, { ifUnused: true }));
    return this.passiveCheck(async (ch) => {
      const { consumerCount } = await ch.checkQueue(name);
      if (consumerCount > 0) throw Object.assign(new Error(`${name} has consumers`), { code: 406 });
      await ch.deleteQueue(name);
    });
  }

  async deleteExchange(name: string): Promise<void> {
    this.topology.forget(name);
    await this.call(`deleting exchange ${name}`, ({ channel }) => channel.deleteExchange(name));
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
   * It goes when this connection closes (replicated: it is claimed again after a reconnect).
   */
  async claimExclusiveQueue(name: string): Promise<boolean> {
    const claimed = await this.passiveCheck((ch) => ch.assertQueue(name, { exclusive: true, durable: false, autoDelete: true }));
    if (claimed) this.locks.add(name);
    return claimed;
  }

  /**
   * Closes the connection; its own queues go with it. Never throws and never waits more than
   * `waitMs` (default two seconds): a broker that does not answer gets its socket dropped. Safe to
   * call twice.
   */
  async close(waitMs = CLOSE_TIMEOUT_MS): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.watchdog);
    const startedAt = performance.now();
    if (this.owned.size > 0 && this.reconnecting === undefined && !this.signal.aborted) {
      const { channel } = this.link;
      // Half the budget at most: what is left closes the connection (the queues expire anyway).
      await waitAtMost(Promise.allSettled([...this.owned].map((queue) => channel.deleteQueue(queue))), waitMs / 2);
    }
    await closeModel(this.link.model, Math.max(1, waitMs - (performance.now() - startedAt)));
  }

  private async assertQueue(name: string, options: Options.AssertQueue): Promise<void> {
    await this.call(`declaring queue ${name}`, ({ channel }) => channel.assertQueue(name, options));
    this.topology.queue(name, options);
  }

  private async bind(queue: string, exchange: string): Promise<void> {
    await this.call(`binding ${queue} to ${exchange}`, ({ channel }) => channel.bindQueue(queue, exchange, ''));
    this.topology.bind(queue, exchange);
  }

  private queueType(): Record<string, string> {
    return this.replicated ? { 'x-queue-type': 'quorum' } : {};
  }

  private async consume(consumer: Consumer): Promise<Subscription> {
    // Kept before it starts, so that a reconnect meanwhile starts it on the new link.
    this.consumers.add(consumer);
    try {
      await this.call(`consuming ${consumer.queue}`, (link) => (consumer.link === link ? Promise.resolve() : this.start(consumer, link)));
    } catch (error) {
      this.consumers.delete(consumer);
      throw error;
    }
    return {
      cancel: async () => {
        this.consumers.delete(consumer);
        const { link, tag } = consumer;
        if (!this.closing && link === this.link && tag !== undefined)
          await waitAtMost(link.channel.cancel(tag), this.options.operationTimeoutMs);
      },
    };
  }

  private async start(consumer: Consumer, link: Link): Promise<void> {
    const acks = this.replicated || consumer.prefetch !== undefined;
    if (acks) await link.channel.prefetch(consumer.prefetch ?? REPLICATED_PREFETCH);
    const { consumerTag } = await link.channel.consume(
      consumer.queue,
      (raw) => {
        if (raw === null) {
          this.consumerCancelled(consumer, link);
          return;
        }
        consumer.fedAt = performance.now();
        consumer.deliver(raw, link);
      },
      // Exclusive where it can be: after a reconnect the broker may not yet know the old one is gone.
      { noAck: !acks, exclusive: !acks },
    );
    consumer.tag = consumerTag;
    consumer.link = link;
    consumer.fedAt = performance.now();
  }

  private ack(raw: ConsumeMessage, link: Link): void {
    // A delivery of a link that is gone is handed out again on the new one (and dropped as a copy).
    // The new one's deliveries are acknowledged from its first, while it is still being set up.
    if (this.closing || this.lost.has(link)) return;
    try {
      link.channel.ack(raw);
    } catch {
      // amqplib throws while its connection closes: the link is going, and the next one gets the message again.
    }
  }

  /**
   * Checks one delivery in order (size, tag, copy, JSON and schema, type) and hands it on, or
   * rejects it: true if `onMessage` took it. `shared`: a decoding other receivers in this process
   * share may be handed on (frozen).
   */
  private accept<T>(
    raw: ConsumeMessage,
    schema: Schema<T>,
    onMessage: (message: T, delivery: Delivery) => void,
    onRejected: SubscribeHandlers<T>['onRejected'],
    recent: RecentIds | undefined,
    shared: boolean,
  ): boolean {
    const reject = (reason: RejectReason, detail: string): false => {
      onRejected?.(reason, detail, this.rejections.count(reason));
      return false;
    };
    const claimed: unknown = raw.properties.headers?.[FROM_HEADER];
    const claim = typeof claimed === 'string' ? ` claiming to be from ${claimed.slice(0, 60)}` : '';
    if (raw.content.length > this.options.maxMessageBytes) {
      return reject(
        RejectReason.TooLarge,
        `a message of ${raw.content.length} bytes${claim} (the limit is ${this.options.maxMessageBytes})`,
      );
    }
    const id: unknown = raw.properties.messageId;
    let from: string | undefined;
    let type: string | undefined;
    let tag: string | undefined;
    if (this.options.auth) {
      const verified = this.options.auth.key.verify(raw.properties.headers, raw.content, typeof id === 'string' ? id : '');
      if (!verified.ok) {
        return reject(
          verified.why,
          `a message${claim} ${verified.why === RejectReason.Forged ? 'with a tag that does not match' : 'without a tag'}`,
        );
      }
      ({ from, type, tag } = verified);
    }
    // After the tag: an id is only as good as the tag that covers it.
    if (recent && typeof id === 'string' && recent.seen(id)) {
      this.recovery.duplicates++;
      return false;
    }
    const decoded = shared && tag !== undefined ? decodeVerified(tag, raw.content, schema) : decode(raw.content, schema);
    if (!decoded.ok) return reject(RejectReason.Invalid, `${decoded.reason}${claim}`);
    if (type !== undefined && typeOf(decoded.value) !== type) {
      return reject(RejectReason.Forged, `a message whose tag says ${type}, but it is a ${typeOf(decoded.value)}${claim}`);
    }
    try {
      onMessage(decoded.value, { from });
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
    return true;
  }

  /**
   * One broker operation, bounded by the operation timeout and cut short if the connection is lost
   * for good. Replicated, it waits out a reconnect first, and runs again on the new link if the old
   * one went under it.
   */
  private async call<T>(what: string, operation: (link: Link) => Promise<T>): Promise<T> {
    const limitMs = this.options.operationTimeoutMs + (this.replicated ? this.options.reconnectMs : 0);
    const limit = deadline(limitMs, () => timedOut(`${this.name}: ${what}`, limitMs, 'the broker did not answer'));
    const signal = AbortSignal.any([this.signal, limit.signal]);
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.reconnecting) await abortable(this.reconnecting, signal);
        const link = this.link;
        try {
          return await abortable(operation(link), signal);
        } catch (error) {
          // An AMQP refusal (a numbered code) is the answer; so is a failure that followed it to the next link.
          if (!this.replicated || signal.aborted || typeof (error as { code?: unknown }).code === 'number' || attempt >= 3) throw error;
          // amqplib rejects before it reports the close: let the close say whether the link went.
          await new Promise((resolve) => setImmediate(resolve));
          if (link === this.link && this.reconnecting === undefined) throw error;
        }
      }
    } finally {
      limit.clear();
    }
  }

  private watch(link: Link): void {
    // A channel's 'close' carries no reason: the 'error' before it does (404, 406, ...).
    let channelError: Error | undefined;
    const onClose = (what: string) => (error?: Error) => {
      this.linkLost(link, what, error ?? channelError);
    };
    link.model.on('error', ignoreEvent); // the 'close' that follows carries the same error
    link.model.on('close', onClose('broker connection'));
    link.channel.on('error', (error: Error) => {
      channelError = error;
    });
    link.channel.on('close', onClose('channel'));
    link.channel.on('return', (message: ConsumeMessage) => {
      this.publishFailure ??= new PublishError(
        `${this.name}: a message to '${message.fields.routingKey}' was returned by the broker (no such queue)`,
      );
    });
  }

  private linkLost(link: Link, what: string, cause: Error | undefined): void {
    if (this.lost.get(link) === undefined) this.lost.set(link, cause);
    if (this.closing || this.signal.aborted || link !== this.link || this.reconnecting) return;
    const lost = `${this.name}: ${what} to ${brokerAddress(link.url)} closed unexpectedly${cause ? `: ${cause.message}` : ''}`;
    if (!this.replicated) {
      this.fail(new ConnectionLostError(lost, { cause }));
      return;
    }
    this.reconnecting = this.reconnect(link, lost, cause).finally(() => {
      this.reconnecting = undefined;
      // A link that closed while it was set up (its close was not ours to act on then) is replaced now.
      const current = this.link;
      if (current !== link && this.lost.has(current)) this.linkLost(current, 'new link', this.lost.get(current));
    });
  }

  /** Another node (or the same, back), within `reconnectMs`: declare again, consume again, resend. */
  private async reconnect(old: Link, lost: string, cause: Error | undefined): Promise<void> {
    const startedAt = performance.now();
    const { reconnectMs } = this.options;
    log.warn(`${lost}; reconnecting (within ${reconnectMs} ms)`);
    handled(closeModel(old.model, RETRY_MS));
    let next = (old.index + 1) % this.urls.length;
    let failure: unknown = cause;
    for (;;) {
      const remainingMs = reconnectMs - (performance.now() - startedAt);
      if (this.closing) return;
      if (remainingMs <= 0) break;
      let link: Link | undefined;
      try {
        link = await openLink(this.urls, next, { name: this.name, timeoutMs: remainingMs, heartbeatS: REPLICATED_HEARTBEAT_S });
        this.watch(link);
        // One node's try is bounded: a node still handing its queues over can hold a declaration.
        await withTimeout(this.replay(link), Math.max(1, Math.min(remainingMs, REPLAY_TRY_MS)), `declaring ${this.name}'s queues again`);
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- close() may have run during the awaits
        if (this.closing) throw new Error('closing');
        // RabbitMQ 3.10 may answer a consume on a quorum queue that is electing a leader twice, and
        // amqplib closes the connection on the stray reply: that link is not taken, the next one is.
        if (this.lost.has(link)) throw new Error(`the link closed while it was set up: ${messageOf(this.lost.get(link))}`);
      } catch (error) {
        failure = error;
        log.debug(`${this.name}: ${link ? brokerAddress(link.url) : 'no node'} did not take the link back: ${messageOf(error)}`);
        if (link) {
          await closeModel(link.model, RETRY_MS);
          next = (link.index + 1) % this.urls.length;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MS, Math.max(0, remainingMs))));
        continue;
      }
      this.link = link;
      this.unsettled.clear();
      this.recovery.reconnects++;
      const unconfirmed = this.outbox.entries();
      for (const [id, outgoing] of unconfirmed) this.transmit(link, id, outgoing);
      this.recovery.resent += unconfirmed.length;
      log.warn(
        `${this.name}: reconnected to ${brokerAddress(link.url)} after ${Math.round(performance.now() - startedAt)} ms; sent ${unconfirmed.length} unconfirmed messages again`,
      );
      return;
    }
    this.fail(
      new ConnectionLostError(`${lost}, and no node took it back within ${reconnectMs} ms: ${messageOf(failure)}`, { cause: failure }),
    );
  }

  private async replay(link: Link): Promise<void> {
    await this.topology.replay(link.channel);
    for (const lock of this.locks) {
      if (!(await this.ask(link, (ch) => ch.assertQueue(lock, { exclusive: true, durable: false, autoDelete: true }))).ok) {
        log.warn(`${this.name}: could not claim ${lock} again after reconnecting`);
      }
    }
    for (const consumer of this.consumers) await this.start(consumer, link);
  }

  /** The broker cancelled a consumer: expected when we delete its queue; replicated, consumed again; a lost connection otherwise. */
  private consumerCancelled(consumer: Consumer, link: Link): void {
    if (this.closing || this.deleting.has(consumer.queue) || !this.consumers.has(consumer)) return;
    if (!this.replicated) {
      this.fail(new ConnectionLostError(`${this.name}: the broker cancelled the consumer of ${consumer.queue}`));
      return;
    }
    // A quorum queue whose leader moved may cancel its consumers: consume it again, once it answers.
    log.warn(`${this.name}: the broker cancelled the consumer of ${consumer.queue}; consuming it again`);
    this.call(`consuming ${consumer.queue} again`, (current) =>
      current === link ? this.start(consumer, current) : Promise.resolve(),
    ).catch((error: unknown) => {
      this.fail(new ConnectionLostError(`${this.name}: could not consume ${consumer.queue} again: ${messageOf(error)}`, { cause: error }));
    });
  }

  private fail(error: Error): void {
    if (this.closing || this.signal.aborted) return;
    clearInterval(this.watchdog);
    this.lostController.abort(error);
  }

  private outgoing(exchange: string, routingKey: string, message: unknown, mandatory: boolean): Outgoing {
    this.stats.published++;
    const body = encode(message);
    const messageId = this.replicated ? `${this.nonce}.${this.sequence++}` : undefined;
    const { auth } = this.options;
    const headers = auth ? auth.key.sign(auth.sender, typeOf(message), body, messageId) : undefined;
    const options: Options.Publish = { contentType: 'application/json', mandatory, headers };
    if (messageId !== undefined) options.messageId = messageId;
    return { exchange, routingKey, body, options };
  }

  private send(exchange: string, routingKey: string, message: unknown, mandatory: boolean): void {
    const outgoing = this.outgoing(exchange, routingKey, message, mandatory);
    const id = this.outbox.add(outgoing);
    // While reconnecting, it waits in the outbox: the new link sends it, in order.
    if (this.reconnecting === undefined) this.transmit(this.link, id, outgoing);
  }

  private transmit(link: Link, id: number, outgoing: Outgoing): void {
    if (this.replicated && !this.unsettled.has(id)) this.unsettled.set(id, performance.now());
    try {
      this.publishOn(link, id, outgoing);
    } catch (error) {
      // amqplib throws while its channel or connection closes: replicated, the next link sends it.
      if (!this.replicated) throw error;
    }
  }

  private publishOn(link: Link, id: number, outgoing: Outgoing): void {
    const { exchange, routingKey, body, options } = outgoing;
    link.channel.publish(exchange, routingKey, body, options, (error: unknown) => {
      if (error === null || error === undefined) {
        this.unsettled.delete(id);
        this.outbox.settle(id);
        return;
      }
      if (!this.replicated) {
        this.publishFailure ??= new PublishError(`${this.name}: the broker refused a message to '${routingKey || exchange}'`, {
          cause: error,
        });
        this.outbox.settle(id);
        return;
      }
      // Replicated: a link that went sends nothing more (the next one sends the outbox); a refusal
      // (a quorum queue between leaders, or without a majority) is tried again until flush() gives up.
      if (this.lost.has(link)) return;
      // A refusal that goes on is the watchdog's to end (see UNSETTLED_RENEW_MS).
      setTimeout(() => {
        if (!this.closing && link === this.link && this.reconnecting === undefined && this.outbox.has(id))
          this.transmit(link, id, outgoing);
      }, RETRY_MS).unref();
    });
  }

  /** Drops a link that leaves a publish unconfirmed: it reconnects, and the outbox goes out on the next. */
  private renew(link: Link): void {
    if (this.lost.has(link)) return;
    log.warn(`${this.name}: ${brokerAddress(link.url)} has not confirmed a publish for ${UNSETTLED_RENEW_MS} ms; opening a new link`);
    this.linkLost(link, 'link', new Error('a publish went unconfirmed'));
  }

  /** Asks something whose refusal closes the channel (404, 405) on a throwaway channel: true if it succeeded. */
  private async passiveCheck(check: (channel: ConfirmChannel) => Promise<unknown>): Promise<boolean> {
    return this.call('a passive check', async (link) => (await this.ask(link, check)).ok);
  }

  /**
   * Asks the broker something on a throwaway channel: `ok: false` when it refused (a 404 or 405
   * answers the question, and closes only that channel); a lost connection or a silent broker throws.
   */
  private async ask<T>(link: Link, question: (channel: ConfirmChannel) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    const channel = await link.model.createConfirmChannel();
    channel.on('error', ignoreEvent);
    let value: T;
    try {
      value = await question(channel);
    } catch (error) {
      if (typeof (error as { code?: unknown }).code !== 'number') throw error;
      return { ok: false };
    }
    await waitAtMost(channel.close(), this.options.operationTimeoutMs);
    return { ok: true, value };
  }

  /** Ready messages in a queue (a queue that went has none). */
  private async readyMessages(link: Link, queue: string): Promise<number> {
    const answer = await this.ask(link, (channel) => channel.checkQueue(queue));
    return answer.ok ? answer.value.messageCount : 0;
  }
}

/**
 * The node (its index in the broker's list) a connection named `name` tries first: by its name, so
 * that a run's functions spread over a cluster's nodes, and anyone can tell where one went.
 */
export function firstNode(name: string, nodes: number): number {
  if (nodes <= 1) return 0;
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  return hash % nodes;
}

/** A message's kind, as its tag names it: its `type` (protocol messages) or its `k` (the exercise wire). */
function typeOf(message: unknown): string {
  if (typeof message !== 'object' || message === null) return '?';
  const { type, k } = message as { type?: unknown; k?: unknown };
  return typeof type === 'string' ? type : typeof k === 'string' ? k : '?';
}
