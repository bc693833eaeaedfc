import { performance } from 'node:perf_hooks';
import { abortable, deadline, handled, messageOf, sharedController } from '../../../common/index.js';
import type { FunctionRef, FunctionRuntime, Invocation, InvokeOptions } from '../function-runtime.js';
import { InvocationError, nextInvocationId } from '../invocation-error.js';
import { InvokeRefusedError, type AsyncInvoker } from './async-invoker.js';
import { replyQueueName, type InvocationEvent, type ResultReport } from './faas-protocol.js';
import { ReplyQueue } from './reply-queue.js';

/**
 * Functions on a FaaS platform, started asynchronously through an AsyncInvoker (the Lambda Invoke
 * API with InvocationType 'Event', an OpenWhisk non-blocking invoke). An asynchronous invocation
 * returns nothing, so each function reports its outcome to the run's reply queue
 * `fnsync.<runId>.replies` and the runtime waits there: no polling. A platform's function cannot
 * be stopped from outside: cancel() stops waiting, and the function gives up by itself after the
 * timeout its event carries.
 */
export class ReplyQueueRuntime implements FunctionRuntime {
  /** A FaaS platform's functions resolve the broker's name where they run. */
  readonly onThisMachine = false;
  private readonly replyQueues = new Map<string, Promise<ReplyQueue>>();
  /** Aborts every invocation still waiting when the runtime closes. */
  private readonly closing = sharedController();

  constructor(
    readonly name: string,
    /** The broker as the functions reach it: they report to the run's reply queue there. */
    private readonly amqpUrl: string,
    private readonly invoker: AsyncInvoker,
  ) {}

  invoke(fn: FunctionRef, payload: unknown, options: InvokeOptions): Invocation {
    const id = nextInvocationId(options.runId);
    const functionName = this.invoker.functionName(fn);
    const invokedAt = performance.now();
    let startedAt: number | undefined;
    const fail = (what: string, cause?: unknown): InvocationError => new InvocationError(options.label, id, what, { cause });

    const cancel = new AbortController();
    const limit = deadline(options.timeoutMs, () =>
      fail(`never reported within ${options.timeoutMs} ms (function '${functionName}' at ${this.invoker.where})`),
    );
    const stopped = AbortSignal.any([cancel.signal, limit.signal]);
    const onClose = (): void => {
      cancel.abort(fail(`stopped waiting: the ${this.name} runtime was closed`));
    };
    this.closing.signal.addEventListener('abort', onClose, { once: true });

    const run = async (): Promise<unknown> => {
      let replies: ReplyQueue;
      try {
        replies = await this.replyQueue(options.runId);
      } catch (error) {
        throw fail(`cannot open the reply queue ${replyQueueName(options.runId)}: ${messageOf(error)}`, error);
      }
      const lost = replies.signal;
      // The cold start ends when the function's `started` report arrives: the platform's start-up
      // plus the function's connect to the broker, as close to "handler started" as we can see.
      let unlisten: () => void = () => undefined;
      const report = new Promise<ResultReport>((resolve) => {
        unlisten = replies.listen(id, { started: () => (startedAt ??= performance.now()), result: resolve });
      });
      stopped.addEventListener('abort', unlisten, { once: true });
      const event: InvocationEvent = {
        fnsync: 1,
        runId: options.runId,
        invocationId: id,
        label: options.label,
        timeoutMs: options.timeoutMs,
        replyTo: { amqpUrl: this.amqpUrl, queue: replies.name },
        replyKey: replies.secret,
        payload,
      };
      try {
        await this.invoker.invoke(functionName, event);
      } catch (error) {
        throw fail(error instanceof InvokeRefusedError ? error.message : `cannot start: ${messageOf(error)}`, error);
      }
      let outcome: ResultReport;
      try {
        outcome = await abortable(report, lost);
      } catch (error) {
        throw fail(`lost its reply queue ${replies.name}: ${messageOf(error)}`, error);
      } finally {
        unlisten();
      }
      if (outcome.ok) return outcome.value;
      throw InvocationError.threw(options.label, id, Object.assign(new Error(outcome.error.message), { code: outcome.error.code }));
    };

    const result = handled(
      abortable(run(), stopped).finally(() => {
        limit.clear();
        this.closing.signal.removeEventListener('abort', onClose);
      }),
    );
    return {
      id,
      label: options.label,
      result,
      coldStartMs: () => (startedAt === undefined ? undefined : startedAt - invokedAt),
      cancel: () => {
        cancel.abort(InvocationError.cancelled(options.label, id));
        return Promise.resolve();
      },
    };
  }

  /** Stops waiting for everything, deletes every reply queue and closes the broker connection and the platform client. */
  async close(): Promise<void> {
    this.closing.abort();
    const queues = await Promise.allSettled([...this.replyQueues.values()]);
    this.replyQueues.clear();
    await Promise.all(queues.map((opened) => (opened.status === 'fulfilled' ? opened.value.close() : Promise.resolve())));
    this.invoker.close();
  }

  /** The run's reply queue, opened by its first invocation. */
  private replyQueue(runId: string): Promise<ReplyQueue> {
    if (this.closing.signal.aborted) return Promise.reject(new Error(`the ${this.name} runtime is closed`));
    let opening = this.replyQueues.get(runId);
    if (opening === undefined) {
      opening = ReplyQueue.open(this.amqpUrl, runId);
      this.replyQueues.set(runId, opening);
    }
    return opening;
  }
}
