/**
 * The function side of the lambda runtime: wraps a fnsync handler into an AWS Lambda handler.
 * `fnsync deploy` bundles this module together with one handler. The handler runs with the
 * event's payload; its outcome is reported to the run's reply queue (that is how the orchestrator
 * learns it, since an asynchronous invocation returns nothing) and also returned, for anyone
 * invoking synchronously.
 *
 * The Lambda handler never throws: an asynchronous invocation that throws is retried by AWS,
 * which would re-run a function whose run has ended (and serverless-offline would crash on the
 * unhandled rejection). Failures travel in the report instead.
 */
import { createLogger, messageOf } from '../common/index.js';
import { BrokerConnection } from '../transport/index.js';
import type { Handler } from './function-runtime.js';
import { LambdaEvent, type ResultReport, type StartedReport } from './lambda-protocol.js';

const log = createLogger('lambda');
/** How long reaching the broker from the function may take. */
const BROKER_CONNECT_TIMEOUT_MS = 10_000;

export type LambdaHandler = (event: unknown) => Promise<ResultReport>;

export function createLambdaHandler(handler: Handler): LambdaHandler {
  return async (raw) => {
    const parsed = LambdaEvent.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      const message = `not an fnsync invocation event: ${where}${issue?.message ?? 'invalid'}`;
      log.error(message);
      return { type: 'result', invocationId: '?', ok: false, error: { message } };
    }
    const event = parsed.data;
    // Connecting overlaps the handler's start: the report is only needed at the end.
    const connecting = BrokerConnection.connect({
      url: event.replyTo.amqpUrl,
      name: `fnsync.${event.runId}.lambda.${event.invocationId}`,
      timeoutMs: BROKER_CONNECT_TIMEOUT_MS,
    });
    connecting.catch(() => undefined);
    const started = connecting.then((connection) => {
      const report: StartedReport = { type: 'started', invocationId: event.invocationId };
      connection.sendToQueue(event.replyTo.queue, report);
    });
    started.catch(() => undefined);

    const report = await runHandler(handler, event);
    let connection: BrokerConnection | undefined;
    try {
      connection = await connecting;
      await started;
      connection.sendToQueue(event.replyTo.queue, report);
      await connection.flush();
    } catch (error) {
      // Usually the run has ended (failed elsewhere, or was interrupted) and deleted its reply queue.
      log.warn(
        `${event.label} (invocation ${event.invocationId}) could not report to ${event.replyTo.queue} (has the run ended?): ${messageOf(error)}`,
      );
    } finally {
      await connection?.close();
    }
    return report;
  };
}

/** Runs the handler until it settles or the event's timeout passes (then its signal is aborted). */
async function runHandler(handler: Handler, event: LambdaEvent): Promise<ResultReport> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Rejected before the abort, so that a handler which answers its abort with a value still
      // counts as timed out.
      reject(new Error(`gave up after ${event.timeoutMs} ms`));
      controller.abort();
    }, event.timeoutMs);
  });
  try {
    const value = await Promise.race([handler(event.payload, { invocationId: event.invocationId, signal: controller.signal }), expired]);
    return { type: 'result', invocationId: event.invocationId, ok: true, value };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return {
      type: 'result',
      invocationId: event.invocationId,
      ok: false,
      error: { message: messageOf(error), ...(typeof code === 'string' ? { code } : {}) },
    };
  } finally {
    clearTimeout(timer);
  }
}
