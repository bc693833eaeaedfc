/**
 * The function side of the FaaS runtimes: wraps a fnsync handler into a platform handler (an AWS
 * Lambda handler; OpenWhisk calls the same with the action's params). `fnsync deploy` bundles this
 * module together with one handler. The handler runs with the event's payload; its outcome is
 * reported to the run's reply queue (that is how the orchestrator learns it, since an asynchronous
 * invocation returns nothing) and also returned, for anyone invoking synchronously.
 *
 * The platform handler never throws: an asynchronous invocation that throws is retried by AWS,
 * which would re-run a function whose run has ended (and serverless-offline would crash on the
 * unhandled rejection). Failures travel in the report instead.
 */
import { abortable, createLogger, deadline, handled, messageOf } from '../../../common/index.js';
import { BrokerConnection, RunKey } from '../../../transport/index.js';
import type { Handler } from '../function-runtime.js';
import { InvocationEvent, reporterName, type ResultReport, type StartedReport } from './faas-protocol.js';

const log = createLogger('faas');
/** How long reaching the broker from the function may take. */
const BROKER_CONNECT_TIMEOUT_MS = 10_000;

export type FaasHandler = (event: unknown) => Promise<ResultReport>;

export function createFaasHandler(handler: Handler): FaasHandler {
  return async (raw) => {
    const parsed = InvocationEvent.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      const message = `not an fnsync invocation event: ${where}${issue?.message ?? 'invalid'}`;
      log.error(message);
      return { type: 'result', invocationId: '?', ok: false, error: { message } };
    }
    const event = parsed.data;
    // Connecting overlaps the handler's start: the report is only needed at the end.
    const connecting = handled(
      BrokerConnection.connect({
        url: event.replyTo.amqpUrl,
        name: `fnsync.${event.runId}.faas.${event.invocationId}`,
        timeoutMs: BROKER_CONNECT_TIMEOUT_MS,
        auth: { key: RunKey.fromSecret(event.runId, event.replyKey), sender: reporterName(event.invocationId) },
      }),
    );
    const started = handled(
      connecting.then((connection) => {
        const report: StartedReport = { type: 'started', invocationId: event.invocationId };
        connection.sendToQueue(event.replyTo.queue, report);
      }),
    );

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

/** Runs the handler until it settles or the event's timeout passes (then its signal aborts). */
async function runHandler(handler: Handler, event: InvocationEvent): Promise<ResultReport> {
  const limit = deadline(event.timeoutMs, () => new Error(`gave up after ${event.timeoutMs} ms`));
  try {
    // A handler that answers its abort with a value still counts as timed out: the race is lost first.
    const value = await abortable(handler(event.payload, { invocationId: event.invocationId, signal: limit.signal }), limit.signal);
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
    limit.clear();
  }
}
