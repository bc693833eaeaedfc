import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
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
import { closeModel, ignoreEvent, openLink, type Link } from './link.js';
import { Outbox, type Outgoing } from './outbox.js';
import type { RecoveryStats } from './recovery.js';
import { Topology } from './topology.js';
import { ConnectionLostError, PublishError, TransportError } from './errors.js';
import { brokerAddress } from './url.js';

export interface KeeperOptions {
  /** The connection's name (its `connection_name`, and how its errors and logs name it). */
  readonly name: string;
  readonly replicated: boolean;
  readonly operationTimeoutMs: number;
  readonly reconnectMs: number;
}

/** What a consumer asks for: its queue, how many unacknowledged deliveries it holds, and what to do with one. */
export interface ConsumerSpec {
  readonly queue: string;
  /** Shared consumers acknowledge when their handler says; others at once (replicated) or never. */
  readonly prefetch: number | undefined;
  readonly deliver: (raw: ConsumeMessage, link: Link) => void;
}

/** A consumer as its connection keeps it, so that a reconnect can start it again on the new link. */
interface Consumer extends ConsumerSpec {
  tag: string | undefined;
  link: Link | undefined;
  /** When it last got a delivery (or started): a consumer the broker stopped feeding is found by it. */
  fedAt: number;
}

export interface Subscription {
  cancel(): Promise<void>;
}

/** Heartbeats of a replicated connection: a node that dies without a FIN is noticed within two of them. */
export const REPLICATED_HEARTBEAT_S = 5;
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

const log = createLogger('broker');

/**
 * The link under a BrokerConnection, and what keeps it: broker operations with deadlines (`call`),
 * publishing through the outbox, the consumers, and, replicated, the reconnect to another node
 * (declare, claim the locks, consume and send again) and the watchdog that renews a link which the
 * broker stopped confirming or feeding. BrokerConnection (connection.ts) is the surface on top.
 */
export class LinkKeeper {
  /** Aborts (with a ConnectionLostError) when the link fails for good. */
  readonly signal: AbortSignal;
  /** What was declared, to declare again on the next link. */
  readonly topology = new Topology();
  /** Exclusive queues held as locks, claimed again after a reconnect. */
  readonly locks = new Set<string>();
  /** Queues being deleted by this connection: their consumers' cancellation is expected. */
  readonly deleting = new Set<string>();

  private link: Link;
  /** Links that went, with why when they said: nothing more is acknowledged or sent on them. */
  private readonly lost = new WeakMap<Link, Error | undefined>();
  private reconnection: Promise<void> | undefined;
  /** Replicated: when each unconfirmed publish (by outbox id) was first sent on this link, oldest first. */
  private readonly unsettled = new Map<number, number>();
  private watchdog: NodeJS.Timeout | undefined;
  /** A watchdog check of the consumed queues is under way. */
  private checking = false;
  private closing = false;
  private closure: Promise<void> | undefined;
  private publishFailure: TransportError | undefined;
  private readonly lostController = sharedController();
  private readonly outbox = new Outbox();
  private readonly consumers = new Set<Consumer>();

  constructor(
    link: Link,
    private readonly urls: readonly string[],
    private readonly options: KeeperOptions,
    private readonly recovery: RecoveryStats,
  ) {
    this.signal = this.lostController.signal;
    this.link = link;
    this.watch(link);
    if (options.replicated) {
      this.watchdog = setInterval(() => {
        this.checkUnsettled();
      }, RETRY_MS * 4).unref();
    }
  }

  /** Whether it is reconnecting now (replicated, after it lost its link). */
  get reconnecting(): boolean {
    return this.reconnection !== undefined;
  }

  /** The link in use now. */
  get current(): Link {
    return this.link;
  }

  /**
   * One broker operation, bounded by the operation timeout and cut short if the connection is lost
   * for good. Replicated, it waits out a reconnect first, and runs again on the new link if the old
   * one went under it.
   */
  async call<T>(what: string, operation: (link: Link) => Promise<T>): Promise<T> {
    const limitMs = this.options.operationTimeoutMs + (this.options.replicated ? this.options.reconnectMs : 0);
    const limit = deadline(limitMs, () => timedOut(`${this.options.name}: ${what}`, limitMs, 'the broker did not answer'));
    const signal = AbortSignal.any([this.signal, limit.signal]);
    try {
      for (let attempt = 1; ; attempt++) {
        if (this.reconnection) await abortable(this.reconnection, signal);
        const link = this.link;
        try {
          return await abortable(operation(link), signal);
        } catch (error) {
          // An AMQP refusal (a numbered code) is the answer; so is a failure that followed it to the next link.
          if (!this.options.replicated || signal.aborted || typeof (error as { code?: unknown }).code === 'number' || attempt >= 3)
            throw error;
          // amqplib rejects before it reports the close: let the close say whether the link went.
          await new Promise((resolve) => setImmediate(resolve));
          if (link === this.link && this.reconnection === undefined) throw error;
        }
      }
    } finally {
      limit.clear();
    }
  }

  /** Asks something whose refusal closes the channel (404, 405) on a throwaway channel: true if it succeeded. */
  async passiveCheck(check: (channel: ConfirmChannel) => Promise<unknown>): Promise<boolean> {
    return this.call('a passive check', async (link) => (await this.ask(link, check)).ok);
  }

  /** Sends a message (fire and forget); `flush()` collects the broker's confirms. */
  send(outgoing: Outgoing): void {
    const id = this.outbox.add(outgoing);
    // While reconnecting, it waits in the outbox: the new link sends it, in order.
    if (this.reconnection === undefined) this.transmit(this.link, id, outgoing);
  }

  /**
   * Waits until the broker confirmed everything sent so far; throws if anything since the last
   * flush was lost. A loss is reported once: what is sent after it is judged on its own.
   */
  async flush(): Promise<void> {
    try {
      await this.call('waiting for publish confirms', () => this.outbox.drained());
    } catch (error) {
      throw error instanceof TransportError ? error : new PublishError(`${this.options.name}: publish not confirmed`, { cause: error });
    }
    const failure = this.publishFailure;
    this.publishFailure = undefined;
    if (failure) throw failure;
  }

  /** Starts a consumer, and again on every later link, until its subscription is cancelled. */
  async consume(spec: ConsumerSpec): Promise<Subscription> {
    const consumer: Consumer = { ...spec, tag: undefined, link: undefined, fedAt: 0 };
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

  ack(raw: ConsumeMessage, link: Link): void {
    // A delivery of a link that is gone is handed out again on the new one (and dropped as a copy).
    // The new one's deliveries are acknowledged from its first, while it is still being set up.
    if (this.closing || this.lost.has(link)) return;
    try {
      link.channel.ack(raw);
    } catch {
      // amqplib throws while its connection closes: the link is going, and the next one gets the message again.
    }
  }

  /** Ends the connection with `error` (`signal` aborts), unless it is closing or already ended. */
  fail(error: Error): void {
    if (this.closing || this.signal.aborted) return;
    clearInterval(this.watchdog);
    this.lostController.abort(error);
  }

  /**
   * Closes the link within `waitMs`, first deleting `queues` if it can; never throws, and a second
   * call gets the first one's promise. A reconnect under way is let end first (within half the
   * budget): closing would stop it, and leave the queues to their expiry.
   */
  close(queues: readonly string[], waitMs: number): Promise<void> {
    this.closure ??= this.shut(queues, waitMs);
    return this.closure;
  }

  private async start(consumer: Consumer, link: Link): Promise<void> {
    const acks = this.options.replicated || consumer.prefetch !== undefined;
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

  /** The broker cancelled a consumer: expected when we delete its queue; replicated, consumed again; a lost connection otherwise. */
  private consumerCancelled(consumer: Consumer, link: Link): void {
    const { name, replicated } = this.options;
    if (this.closing || this.deleting.has(consumer.queue) || !this.consumers.has(consumer)) return;
    if (!replicated) {
      this.fail(new ConnectionLostError(`${name}: the broker cancelled the consumer of ${consumer.queue}`));
      return;
    }
    // A quorum queue whose leader moved may cancel its consumers: consume it again, once it answers.
    log.warn(`${name}: the broker cancelled the consumer of ${consumer.queue}; consuming it again`);
    this.call(`consuming ${consumer.queue} again`, (current) =>
      current === link ? this.start(consumer, current) : Promise.resolve(),
    ).catch((error: unknown) => {
      this.fail(new ConnectionLostError(`${name}: could not consume ${consumer.queue} again: ${messageOf(error)}`, { cause: error }));
    });
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
        `${this.options.name}: a message to '${message.fields.routingKey}' was returned by the broker (no such queue)`,
      );
    });
  }

  private linkLost(link: Link, what: string, cause: Error | undefined): void {
    if (this.lost.get(link) === undefined) this.lost.set(link, cause);
    if (this.closing || this.signal.aborted || link !== this.link || this.reconnection) return;
    const lost = `${this.options.name}: ${what} to ${brokerAddress(link.url)} closed unexpectedly${cause ? `: ${cause.message}` : ''}`;
    if (!this.options.replicated) {
      this.fail(new ConnectionLostError(lost, { cause }));
      return;
    }
    this.reconnection = this.reconnect(link, lost, cause).finally(() => {
      this.reconnection = undefined;
      // A link that closed while it was set up (its close was not ours to act on then) is replaced now.
      const current = this.link;
      if (current !== link && this.lost.has(current)) this.linkLost(current, 'new link', this.lost.get(current));
    });
  }

  /** Another node (or the same, back), within `reconnectMs`: declare again, consume again, resend. */
  private async reconnect(old: Link, lost: string, cause: Error | undefined): Promise<void> {
    const startedAt = performance.now();
    const { name, reconnectMs } = this.options;
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
        link = await openLink(this.urls, next, { name, timeoutMs: remainingMs, heartbeatS: REPLICATED_HEARTBEAT_S });
        this.watch(link);
        // One node's try is bounded: a node still handing its queues over can hold a declaration.
        await withTimeout(this.replay(link), Math.max(1, Math.min(remainingMs, REPLAY_TRY_MS)), `declaring ${name}'s queues again`);
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- close() may have run during the awaits
        if (this.closing) throw new Error('closing');
        // RabbitMQ 3.10 may answer a consume on a quorum queue that is electing a leader twice, and
        // amqplib closes the connection on the stray reply: that link is not taken, the next one is.
        if (this.lost.has(link)) throw new Error(`the link closed while it was set up: ${messageOf(this.lost.get(link))}`);
      } catch (error) {
        failure = error;
        log.debug(`${name}: ${link ? brokerAddress(link.url) : 'no node'} did not take the link back: ${messageOf(error)}`);
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
        `${name}: reconnected to ${brokerAddress(link.url)} after ${Math.round(performance.now() - startedAt)} ms; sent ${unconfirmed.length} unconfirmed messages again`,
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
        log.warn(`${this.options.name}: could not claim ${lock} again after reconnecting`);
      }
    }
    for (const consumer of this.consumers) await this.start(consumer, link);
  }

  private transmit(link: Link, id: number, outgoing: Outgoing): void {
    if (this.options.replicated && !this.unsettled.has(id)) this.unsettled.set(id, performance.now());
    try {
      this.publishOn(link, id, outgoing);
    } catch (error) {
      // amqplib throws while its channel or connection closes: replicated, the next link sends it.
      if (!this.options.replicated) throw error;
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
      if (!this.options.replicated) {
        this.publishFailure ??= new PublishError(`${this.options.name}: the broker refused a message to '${routingKey || exchange}'`, {
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
        if (!this.closing && link === this.link && this.reconnection === undefined && this.outbox.has(id))
          this.transmit(link, id, outgoing);
      }, RETRY_MS).unref();
    });
  }

  /**
   * Replicated: a link is renewed when its oldest unconfirmed publish waits too long, or when a
   * queue it consumes (with a handler that acknowledges at once) holds ready messages that were not
   * delivered for as long: RabbitMQ 3.10 can leave a consumer that registered while its quorum
   * queue had no leader unfed.
   */
  private checkUnsettled(): void {
    if (this.closing || this.reconnection !== undefined || this.checking) return;
    const now = performance.now();
    const oldest = this.unsettled.values().next();
    if (oldest.done !== true && now - oldest.value > UNSETTLED_RENEW_MS) {
      this.renew(this.link, 'has not confirmed a publish');
      return;
    }
    const link = this.link;
    const hungry = [...this.consumers].filter((c) => c.prefetch === undefined && c.link === link && now - c.fedAt > UNSETTLED_RENEW_MS);
    if (hungry.length === 0) return;
    this.checking = true;
    void Promise.all(hungry.map((c) => this.readyMessages(link, c.queue)))
      .then((counts) => {
        if (counts.some((n) => n > 0) && link === this.link) this.renew(link, 'has not fed a consumer whose queue holds messages');
        else for (const consumer of hungry) consumer.fedAt = performance.now();
      }, ignoreEvent)
      .finally(() => {
        this.checking = false;
      });
  }

  /** Drops a link the broker stopped serving (`why`): it reconnects, and the outbox goes out on the next. */
  private renew(link: Link, why: string): void {
    if (this.lost.has(link)) return;
    log.warn(`${this.options.name}: ${brokerAddress(link.url)} ${why} for ${UNSETTLED_RENEW_MS} ms; opening a new link`);
    this.linkLost(link, 'link', new Error(`the node ${why}`));
  }

  private async shut(queues: readonly string[], waitMs: number): Promise<void> {
    const startedAt = performance.now();
    const elapsedMs = (): number => performance.now() - startedAt;
    if (queues.length > 0 && this.reconnection !== undefined) await waitAtMost(this.reconnection, waitMs / 2);
    this.closing = true;
    clearInterval(this.watchdog);
    if (queues.length > 0 && this.reconnection === undefined && !this.signal.aborted) {
      const { channel } = this.link;
      // Up to three quarters of the budget: what is left closes the connection (the queues expire anyway).
      const deletes = Promise.allSettled(queues.map((queue) => channel.deleteQueue(queue)));
      await waitAtMost(deletes, Math.max(1, (waitMs * 3) / 4 - elapsedMs()));
    }
    await closeModel(this.link.model, Math.max(1, waitMs - elapsedMs()));
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
