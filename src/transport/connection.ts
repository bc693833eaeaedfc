import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { ConsumeMessage, Options } from 'amqplib';
import { decode, encode, type Schema } from './codec.js';
import { decodeVerified } from './decode-verified.js';
import { CLOSE_TIMEOUT_MS, linkSocket, openLink, type Link } from './link.js';
import { LinkKeeper, REPLICATED_HEARTBEAT_S, type Subscription } from './link-keeper.js';
import type { Outgoing } from './outbox.js';
import { RecentIds } from './recent-ids.js';
import type { RecoveryStats } from './recovery.js';
import { RejectReason, Rejections } from './rejections.js';
import { FROM_HEADER, type RunKey } from './run-key.js';
import { brokerAddress, brokerUrls } from './url.js';

export type { Subscription } from './link-keeper.js';

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

export interface TransportStats {
  published: number;
  delivered: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const DEFAULT_OPERATION_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
const DEFAULT_RECONNECT_MS = 30_000;

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

  private readonly keeper: LinkKeeper;
  /** Replicated: the quorum queues standing in for exclusive ones, deleted on close. */
  private readonly owned = new Set<string>();
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
    this.keeper = new LinkKeeper(link, urls, options, this.recovery);
    this.signal = this.keeper.signal;
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

  /** Replicated: whether it lost its node and is reconnecting now (its operations wait meanwhile). */
  get reconnecting(): boolean {
    return this.keeper.reconnecting;
  }

  /** The node it is connected to now, `host:port`. */
  get node(): string {
    return brokerAddress(this.keeper.current.url);
  }

  /**
   * The URL of the node it is connected to, its host name replaced by the address that name
   * resolved to: functions on this machine given it connect without a name lookup (and, for
   * `localhost`, without compiling Node's IPv6 pattern) each. TLS URLs (the name is checked against
   * the certificate) and a cluster's URLs (functions spread over its nodes) are returned as given.
   */
  get resolvedUrl(): string {
    if (this.urls.length !== 1) return this.urls.join(',');
    const link = this.keeper.current;
    const url = new URL(link.url);
    const address = linkSocket(link.model)?.remoteAddress;
    if (url.protocol !== 'amqp:' || address === undefined || isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0) return link.url;
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
    await this.keeper.call(`declaring exchange ${name}`, ({ channel }) => channel.assertExchange(name, 'fanout', options));
    this.keeper.topology.exchange(name, 'fanout', options);
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
    const { queue } = await this.keeper.call('declaring a queue', ({ channel }) =>
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
      await this.keeper.call(`declaring queue ${name}`, ({ channel }) =>
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
    await this.keeper.flush();
  }

  /** Consumes a queue until cancelled or closed; every message is decoded and validated first. */
  async subscribe<T>(queue: string, schema: Schema<T>, handlers: SubscribeHandlers<T>): Promise<Subscription> {
    const recent = this.replicated ? new RecentIds() : undefined;
    return this.keeper.consume({
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
        if (recent) this.keeper.ack(raw, link);
      },
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
    return this.keeper.consume({
      queue,
      prefetch,
      deliver: (raw, link) => {
        this.stats.delivered++;
        let acked = false;
        const ack = (): void => {
          if (acked) return;
          acked = true;
          this.keeper.ack(raw, link);
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
    });
  }

  /**
   * Publishes to a queue and says whether the broker took it: false when it refused (a queue with
   * `x-overflow: reject-publish` that is full), so that "the first publish wins" can elect one of
   * many publishers. Unlike `sendToQueue`, a refusal does not fail the next `flush()`.
   */
  async offer(queue: string, message: unknown): Promise<boolean> {
    const outgoing = this.outgoing('', queue, message, false);
    return this.keeper.call(
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
    this.keeper.deleting.add(name);
    this.keeper.topology.forget(name);
    this.owned.delete(name);
    await this.keeper.call(`deleting queue ${name}`, ({ channel }) => channel.deleteQueue(name));
  }

  /**
   * Deletes a queue only if nobody consumes it, atomically on the broker: true if it was deleted,
   * false if it has consumers or is gone. Among clients that each stop consuming and then ask,
   * exactly the last one gets true (how the last node of a cluster knows it is the last).
   * Replicated: quorum queues refuse `if-unused`, so it asks for the consumer count, then deletes;
   * two clients that ask in the same moment may both get true.
   */
  async deleteQueueIfUnused(name: string): Promise<boolean> {
    this.keeper.deleting.add(name);
    this.keeper.topology.forget(name);
    if (!this.replicated) return this.keeper.passiveCheck((ch) => ch.deleteQueue(name, { ifUnused: true }));
    return this.keeper.passiveCheck(async (ch) => {
      const { consumerCount } = await ch.checkQueue(name);
      if (consumerCount > 0) throw Object.assign(new Error(`${name} has consumers`), { code: 406 });
      await ch.deleteQueue(name);
    });
  }

  async deleteExchange(name: string): Promise<void> {
    this.keeper.topology.forget(name);
    await this.keeper.call(`deleting exchange ${name}`, ({ channel }) => channel.deleteExchange(name));
  }

  /** Whether a queue exists, asked on a throwaway channel (a 404 closes the channel it is asked on). */
  async queueExists(name: string): Promise<boolean> {
    return this.keeper.passiveCheck((ch) => ch.checkQueue(name));
  }

  async exchangeExists(name: string): Promise<boolean> {
    return this.keeper.passiveCheck((ch) => ch.checkExchange(name));
  }

  /**
   * Declares an exclusive queue as a lock: true if this connection now holds it, false if another
   * connection does (the broker answers 405 RESOURCE_LOCKED, which costs only a throwaway channel).
   * It goes when this connection closes (replicated: it is claimed again after a reconnect).
   */
  async claimExclusiveQueue(name: string): Promise<boolean> {
    const claimed = await this.keeper.passiveCheck((ch) => ch.assertQueue(name, { exclusive: true, durable: false, autoDelete: true }));
    if (claimed) this.keeper.locks.add(name);
    return claimed;
  }

  /**
   * Closes the connection; its own queues go with it. Never throws and never waits more than
   * `waitMs` (default two seconds): a broker that does not answer gets its socket dropped. Safe to
   * call twice.
   */
  async close(waitMs = CLOSE_TIMEOUT_MS): Promise<void> {
    await this.keeper.close([...this.owned], waitMs);
  }

  private async assertQueue(name: string, options: Options.AssertQueue): Promise<void> {
    await this.keeper.call(`declaring queue ${name}`, ({ channel }) => channel.assertQueue(name, options));
    this.keeper.topology.queue(name, options);
  }

  private async bind(queue: string, exchange: string): Promise<void> {
    await this.keeper.call(`binding ${queue} to ${exchange}`, ({ channel }) => channel.bindQueue(queue, exchange, ''));
    this.keeper.topology.bind(queue, exchange);
  }

  private queueType(): Record<string, string> {
    return this.replicated ? { 'x-queue-type': 'quorum' } : {};
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
      this.keeper.fail(error instanceof Error ? error : new Error(String(error)));
    }
    return true;
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
    this.keeper.send(this.outgoing(exchange, routingKey, message, mandatory));
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
