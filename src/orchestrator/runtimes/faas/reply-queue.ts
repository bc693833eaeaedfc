import { createLogger, messageOf, waitAtMost } from '../../../common/index.js';
import { BrokerConnection, RejectReason, RunKey, type Subscription } from '../../../transport/index.js';
import { InvocationReport, replyQueueName, reporterName, type ResultReport } from './faas-protocol.js';

const log = createLogger('replies');
/**
 * The reply queue expires this long after its consumer is gone, so that an orchestrator that is
 * killed cannot leave it behind; while the run consumes it, it never expires.
 */
const REPLY_QUEUE_EXPIRES_MS = 60_000;
/** How long deleting the queue may take at the end, before the expiry is left to do it. */
const TEARDOWN_STEP_MS = 2000;

export interface ReplyListener {
  started(): void;
  result(report: ResultReport): void;
}

/**
 * One run's reply queue `fnsync.<runId>.replies`: every invocation of the run reports to it, as in
 * Lithops' RabbitMQ monitoring, and each report is routed to the invocation waiting for it.
 * Reports for nobody (an invocation that was cancelled or timed out) are dropped.
 */
export class ReplyQueue {
  readonly name: string;
  private readonly listeners = new Map<string, ReplyListener>();

  private constructor(
    private readonly connection: BrokerConnection,
    name: string,
    private readonly amqpUrl: string,
    private readonly runId: string,
    private readonly key: RunKey,
  ) {
    this.name = name;
  }

  /** The key reports must be tagged with; it travels to the functions in their events only. */
  get secret(): string {
    return this.key.secret;
  }

  /** Aborts when the broker connection fails mid-run. */
  get signal(): AbortSignal {
    return this.connection.signal;
  }

  static async open(amqpUrl: string, runId: string): Promise<ReplyQueue> {
    const name = replyQueueName(runId);
    const key = RunKey.create(runId);
    const connection = await BrokerConnection.connect({
      url: amqpUrl,
      name: `fnsync.${runId}.replies`,
      auth: { key, sender: 'orchestrator' },
    });
    let subscription: Subscription | undefined;
    try {
      await connection.declareQueue(name, REPLY_QUEUE_EXPIRES_MS);
      const queue = new ReplyQueue(connection, name, amqpUrl, runId, key);
      const reject = (reason: RejectReason, detail: string, first: boolean): void => {
        if (first) log.warn(`${name}: rejected a report (${reason}): ${detail}`);
      };
      subscription = await connection.subscribe(name, InvocationReport, {
        onMessage: (report, { from }) => {
          if (from === reporterName(report.invocationId)) queue.dispatch(report);
          else
            reject(
              RejectReason.Impostor,
              `a report for ${report.invocationId} sent by ${from ?? '?'}`,
              connection.rejections.count(RejectReason.Impostor),
            );
        },
        onRejected: reject,
      });
      return queue;
    } catch (error) {
      await subscription?.cancel();
      await waitAtMost(connection.deleteQueue(name), TEARDOWN_STEP_MS);
      await connection.close();
      throw error;
    }
  }

  /** Routes the reports of one invocation to the listener; returns the unregistration. */
  listen(invocationId: string, listener: ReplyListener): () => void {
    this.listeners.set(invocationId, listener);
    return () => this.listeners.delete(invocationId);
  }

  /**
   * Deletes the queue and closes the connection; never throws. When the run's connection is gone
   * (the broker closed it), a fresh one deletes the queue, so that it does not wait for x-expires.
   */
  async close(): Promise<void> {
    this.listeners.clear();
    try {
      await this.connection.deleteQueue(this.name);
    } catch {
      await this.deleteOnFreshConnection();
    } finally {
      await this.connection.close();
    }
  }

  private async deleteOnFreshConnection(): Promise<void> {
    let cleaner: BrokerConnection | undefined;
    try {
      cleaner = await BrokerConnection.connect({ url: this.amqpUrl, name: `fnsync.${this.runId}.cleanup`, timeoutMs: TEARDOWN_STEP_MS });
      await cleaner.deleteQueue(this.name);
    } catch (error) {
      log.warn(`could not delete ${this.name} (it expires by itself within ${REPLY_QUEUE_EXPIRES_MS / 1000} s): ${messageOf(error)}`);
    } finally {
      await cleaner?.close();
    }
  }

  private dispatch(report: InvocationReport): void {
    const listener = this.listeners.get(report.invocationId);
    if (listener === undefined) {
      log.debug(`${this.name}: a ${report.type} report for ${report.invocationId}, which nobody waits for`);
      return;
    }
    if (report.type === 'started') listener.started();
    else listener.result(report);
  }
}
