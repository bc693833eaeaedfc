import { performance } from 'node:perf_hooks';
import { deferred, messageOf } from '../common/index.js';
import { InvokeRefusedError, type AsyncInvoker } from './async-invoker.js';
import type { FunctionRef, FunctionRuntime, Invocation, InvokeOptions, RuntimeName } from './function-runtime.js';
import { InvocationError, nextInvocationId } from './invocation-error.js';
import { replyQueueName, type LambdaEvent, type ResultReport } from './lambda-protocol.js';
import { ReplyQueue } from './reply-queue.js';

/** An invocation still waiting for its report, as far as the runtime-wide failures need it. */
interface Waiting {
  readonly runId: string;
  fail(what: string, cause?: unknown): void;
}

/**
 * Functions on a FaaS platform, started asynchronously through an AsyncInvoker (the Lambda Invoke
 * API with InvocationType 'Event', an OpenWhisk non-blocking invoke). An asynchronous invocation
 * returns nothing, so each function reports its outcome to the run's reply queue
 * `fnsync.<runId>.replies` and the runtime waits there: no polling. A platform's function cannot
 * be stopped from outside: cancel() stops waiting, and the function gives up by itself after the
 * timeout its event carries.
 */
export class ReplyQueueRuntime implements FunctionRuntime {
  private readonly replyQueues = new Map<string, Promise<ReplyQueue>>();
  private readonly waiting = new Set<Waiting>();
  private closed = false;

  constructor(
    readonly name: RuntimeName,
    /** The broker as the functions reach it: they report to the run's reply queue there. */
    private readonly amqpUrl: string,
    private readonly invoker: AsyncInvoker,
  ) {}

  invoke(fn: FunctionRef, payload: unknown, options: InvokeOptions): Invocation {
    const id = nextInvocationId(options.runId);
    const functionName = this.invoker.functionName(fn);
    const invokedAt = performance.now();
    let startedAt: number | undefined;
    let unlisten: () => void = () => undefined;
    // An object, not a boolean: it changes across awaits, which narrowing cannot see.
    const state = { settled: false };
    const outcome = deferred<unknown>();
    const result = outcome.promise;
    result.catch(() => undefined);

    const finish = (action: () => void): void => {
      if (state.settled) return;
      state.settled = true;
      clearTimeout(timer);
      unlisten();
      this.waiting.delete(waiting);
      action();
    };
    const fail = (error: InvocationError): void => {
      finish(() => outcome.reject(error));
    };
    const waiting: Waiting = { runId: options.runId, fail: (what, cause) => fail(new InvocationError(options.label, id, what, { cause })) };
    this.waiting.add(waiting);
    const timer = setTimeout(() => {
      fail(
        new InvocationError(
          options.label,
          id,
          `never reported within ${options.timeoutMs} ms (function '${functionName}' at ${this.invoker.where})`,
        ),
      );
    }, options.timeoutMs);

    const onResult = (report: ResultReport): void => {
      if (report.ok) finish(() => outcome.resolve(report.value));
      else fail(InvocationError.threw(options.label, id, Object.assign(new Error(report.error.message), { code: report.error.code })));
    };

    void (async () => {
      let replies: ReplyQueue;
      try {
        replies = await this.replyQueue(options.runId);
      } catch (error) {
        fail(
          new InvocationError(options.label, id, `cannot open the reply queue ${replyQueueName(options.runId)}: ${messageOf(error)}`, {
            cause: error,
          }),
        );
        return;
      }
      if (state.settled) return;
      // The cold start ends when the function's `started` report arrives: the platform's start-up
      // plus the function's connect to the broker, as close to "handler started" as we can see.
      unlisten = replies.listen(id, { started: () => (startedAt ??= performance.now()), result: onResult });
      const event: LambdaEvent = {
        fnsync: 1,
        runId: options.runId,
        invocationId: id,
        label: options.label,
        timeoutMs: options.timeoutMs,
        replyTo: { amqpUrl: this.amqpUrl, queue: replies.name },
        payload,
      };
      try {
        await this.invoker.invoke(functionName, event);
      } catch (error) {
        const what = error instanceof InvokeRefusedError ? error.message : `cannot start: ${messageOf(error)}`;
        fail(new InvocationError(options.label, id, what, { cause: error }));
      }
    })();

    return {
      id,
      label: options.label,
      result,
      coldStartMs: () => (startedAt === undefined ? undefined : startedAt - invokedAt),
      cancel: () => {
        fail(InvocationError.cancelled(options.label, id));
        return Promise.resolve();
      },
    };
  }

  /** Stops waiting for everything, deletes every reply queue and closes the broker connection and the platform client. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of [...this.waiting]) waiting.fail(`stopped waiting: the ${this.name} runtime was closed`);
    const queues = await Promise.allSettled([...this.replyQueues.values()]);
    this.replyQueues.clear();
    await Promise.all(queues.map((opened) => (opened.status === 'fulfilled' ? opened.value.close() : Promise.resolve())));
    this.invoker.close();
  }

  /** The run's reply queue, opened by its first invocation; a broker failure fails every invocation still waiting. */
  private replyQueue(runId: string): Promise<ReplyQueue> {
    if (this.closed) return Promise.reject(new Error(`the ${this.name} runtime is closed`));
    let opening = this.replyQueues.get(runId);
    if (opening === undefined) {
      opening = ReplyQueue.open(this.amqpUrl, runId);
      this.replyQueues.set(runId, opening);
      opening.then(
        (queue) => {
          queue.lost.catch((error: unknown) => {
            for (const waiting of [...this.waiting])
              if (waiting.runId === runId) waiting.fail(`lost its reply queue ${queue.name}: ${messageOf(error)}`, error);
          });
        },
        () => undefined,
      );
    }
    return opening;
  }
}
