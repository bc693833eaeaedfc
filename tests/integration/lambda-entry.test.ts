import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFaasHandler, InvocationReport, replyQueueName, type InvocationEvent } from '../../src/orchestrator/index.js';
import { newRunId } from '../../src/protocol/index.js';
import { BrokerConnection, RunKey } from '../../src/transport/index.js';
import { amqpUrl, brokerLeakChecks } from '../support/broker.js';
import { brokerObjects } from '../support/leaks.js';
import type { HandlerContext } from '../../src/orchestrator/index.js';
import { FAILING_MESSAGE, echoHandler, failingHandler } from '../lambda/fixtures/test-functions.js';

/** The function side alone: what the lambda entry reports to a run's reply queue, and returns. */
const opened: { connection: BrokerConnection; queue: string }[] = [];

async function replyQueue(runId: string): Promise<InvocationReport[]> {
  const connection = await BrokerConnection.connect({ url: amqpUrl(), name: `fnsync.${runId}.test-replies` });
  const queue = replyQueueName(runId);
  await connection.declareQueue(queue, 60_000);
  opened.push({ connection, queue });
  const reports: InvocationReport[] = [];
  await connection.subscribe(queue, InvocationReport, { onMessage: (report) => reports.push(report) });
  return reports;
}

afterEach(async () => {
  for (const { connection, queue } of opened.splice(0)) {
    await connection.deleteQueue(queue);
    await connection.close();
  }
});

function event(runId: string, payload: unknown, timeoutMs = 10_000): InvocationEvent {
  return {
    fnsync: 1,
    runId,
    invocationId: `${runId}-1`,
    label: 'fixture',
    timeoutMs,
    replyTo: { amqpUrl: amqpUrl(), queue: replyQueueName(runId) },
    replyKey: RunKey.create(runId).secret,
    payload,
  };
}

describe('lambda entry', () => {
  it('reports started, then the result, to the reply queue, returns the result and closes its connection', async () => {
    const runId = newRunId();
    const reports = await replyQueue(runId);
    const returned = await createFaasHandler(echoHandler)(event(runId, { hello: 'world' }));
    const result = {
      type: 'result',
      invocationId: `${runId}-1`,
      ok: true,
      value: { echo: { hello: 'world' }, invocationId: `${runId}-1` },
    };
    expect(returned).toEqual(result);
    await expect.poll(() => reports).toEqual([{ type: 'started', invocationId: `${runId}-1` }, result]);
    if (brokerLeakChecks()) {
      await expect.poll(async () => (await brokerObjects(`fnsync.${runId}.faas.`)).connections, { timeout: 10_000 }).toEqual([]);
    }
  });

  it('turns a throw into a report with the message and the code, and never throws itself', async () => {
    const runId = newRunId();
    const reports = await replyQueue(runId);
    const returned = await createFaasHandler(failingHandler)(event(runId, {}));
    expect(returned).toEqual({
      type: 'result',
      invocationId: `${runId}-1`,
      ok: false,
      error: { message: FAILING_MESSAGE, code: 'fixture-failure' },
    });
    await vi.waitFor(() => {
      expect(reports[1]).toEqual(returned);
    });
  });

  it("gives up after the event's timeout, aborting the handler's signal", async () => {
    const runId = newRunId();
    await replyQueue(runId);
    const aborted = vi.fn();
    // Never settles by itself: only the timeout ends it, and its signal must say so.
    const hanging = (_payload: unknown, context: HandlerContext): Promise<unknown> => {
      context.signal.addEventListener('abort', aborted);
      return new Promise(() => undefined);
    };
    const returned = await createFaasHandler(hanging)(event(runId, {}, 300));
    expect(returned).toEqual({ type: 'result', invocationId: `${runId}-1`, ok: false, error: { message: 'gave up after 300 ms' } });
    expect(aborted).toHaveBeenCalledOnce();
  });

  it('answers an event that is not ours without throwing', async () => {
    const returned = await createFaasHandler(echoHandler)({ hello: 'world' });
    expect(returned).toMatchObject({
      type: 'result',
      ok: false,
      error: { message: expect.stringMatching(/^not an fnsync invocation event: /) as unknown },
    });
  });

  it('still returns the result when the broker cannot be reached', async () => {
    const runId = newRunId();
    const unreachable = { ...event(runId, { n: 1 }), replyTo: { amqpUrl: 'amqp://guest:guest@127.0.0.1:9', queue: replyQueueName(runId) } };
    const returned = await createFaasHandler(echoHandler)(unreachable);
    expect(returned).toMatchObject({ ok: true, value: { echo: { n: 1 } } });
  });
});
