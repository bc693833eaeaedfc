import { afterEach, describe, expect, it, vi } from 'vitest';
import { exitCodeFor } from '../../src/common/index.js';
import { InvocationError, createRuntime, type FunctionRuntime } from '../../src/orchestrator/index.js';
import { newRunId } from '../../src/protocol/index.js';
import { amqpUrl, management, managementUrl } from '../support/broker.js';
import { brokerObjects, expectNothingLeft } from '../support/leaks.js';
import { FAILING_MESSAGE } from './fixtures/test-functions.js';
import { ECHO_FUNCTION, FAILING_FUNCTION, SLEEPY_FUNCTION, TEST_PREFIX, lambdaEndpoint } from './offline-service.js';

const runtimes: FunctionRuntime[] = [];
function runtime(endpoint = lambdaEndpoint(), prefix = TEST_PREFIX): FunctionRuntime {
  const created = createRuntime('lambda', { amqpUrl: amqpUrl(), faas: { endpoint, functionPrefix: prefix } });
  runtimes.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.close()));
});

/** Closes a connection from the broker's side, as a broker restart or an operator would. */
async function closeConnectionNamed(connectionName: string): Promise<void> {
  // The management API lists a new connection only after its next stats refresh.
  const found = await vi.waitFor(
    async () => {
      const connections = await management<{ name: string; client_properties?: { connection_name?: string } }[]>(
        '/connections?columns=name,client_properties',
      );
      const named = connections.find((c) => c.client_properties?.connection_name === connectionName);
      if (named === undefined) throw new Error(`no connection named ${connectionName} yet`);
      return named;
    },
    { timeout: 10_000, interval: 100 },
  );
  const base = new URL(managementUrl());
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`;
  const deleted = await fetch(`${base.protocol}//${base.host}/api/connections/${encodeURIComponent(found.name)}`, {
    method: 'DELETE',
    headers: { authorization: auth },
  });
  expect(deleted.status).toBe(204);
}

async function failure(promise: Promise<unknown>): Promise<InvocationError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvocationError);
  return error as InvocationError;
}

describe('lambda runtime against serverless-offline', () => {
  it('invokes asynchronously and learns the result from the reply queue, which is gone after close', async () => {
    const lambda = runtime();
    const runId = newRunId();
    const invocations = [1, 2, 3].map((n) => lambda.invoke(ECHO_FUNCTION, { n }, { label: `echo ${n}`, timeoutMs: 30_000, runId }));
    const results = await Promise.all(invocations.map((i) => i.result));
    expect(results).toEqual(invocations.map((invocation, i) => ({ echo: { n: i + 1 }, invocationId: invocation.id })));
    for (const invocation of invocations) expect(invocation.coldStartMs()).toBeGreaterThan(0);
    expect((await brokerObjects(`fnsync.${runId}.`)).queues).toEqual([`fnsync.${runId}.replies`]);
    await lambda.close();
    await expectNothingLeft(runId);
  });

  it('reports a handler that throws with its message, as an infrastructure failure (exit 3)', async () => {
    const runId = newRunId();
    const error = await failure(runtime().invoke(FAILING_FUNCTION, {}, { label: 'failing', timeoutMs: 30_000, runId }).result);
    expect(error.message).toMatch(new RegExp(`^failing \\(invocation ${runId}-\\d+\\) failed: ${FAILING_MESSAGE}$`));
    expect(exitCodeFor(error)).toBe(3);
  });

  it('names a function that is not deployed', async () => {
    const runId = newRunId();
    const error = await failure(
      runtime(lambdaEndpoint(), 'fnsync-nowhere').invoke(ECHO_FUNCTION, {}, { label: 'echo', timeoutMs: 30_000, runId }).result,
    );
    expect(error.message).toContain(`function 'fnsync-nowhere-echo' is not deployed at ${lambdaEndpoint()}`);
    expect(exitCodeFor(error)).toBe(3);
  });

  it('says so promptly when the endpoint does not answer', async () => {
    // Within the invocation's 30 s: the SDK's connect timeout and single retry end it first.
    const error = await failure(
      runtime('http://127.0.0.1:9').invoke(ECHO_FUNCTION, {}, { label: 'echo', timeoutMs: 30_000, runId: newRunId() }).result,
    );
    expect(error.message).toContain('the Lambda endpoint http://127.0.0.1:9 does not answer');
  });

  it('fails an invocation that never reports within its timeout', async () => {
    const lambda = runtime();
    const runId = newRunId();
    const slow = lambda.invoke(SLEEPY_FUNCTION, { ms: 20_000 }, { label: 'sleepy', timeoutMs: 1500, runId });
    const error = await failure(slow.result);
    expect(error.message).toMatch(/sleepy \(invocation .+\) never reported within 1500 ms \(function 'fnsync-test-sleepy'/);
  });

  it('cancel stops waiting at once, before the function reports', async () => {
    const invocation = runtime().invoke(SLEEPY_FUNCTION, { ms: 3000 }, { label: 'sleepy', timeoutMs: 30_000, runId: newRunId() });
    await invocation.cancel();
    const error = await failure(invocation.result);
    expect(error.message).toContain('was cancelled');
  });

  it('fails every waiting invocation when closed, and leaves nothing behind', async () => {
    const lambda = runtime();
    const runId = newRunId();
    const invocation = lambda.invoke(SLEEPY_FUNCTION, { ms: 500 }, { label: 'sleepy', timeoutMs: 30_000, runId });
    await lambda.close();
    expect((await failure(invocation.result)).message).toContain('the lambda runtime was closed');
    await expectNothingLeft(runId);
  });

  it('fails the waiting invocations when the broker drops the reply connection, and still deletes the reply queue', async () => {
    const lambda = runtime();
    const runId = newRunId();
    // The management API lists a new connection only after its next stats refresh (up to ~5 s):
    // the function must still be running by then.
    const invocation = lambda.invoke(SLEEPY_FUNCTION, { ms: 9000 }, { label: 'sleepy', timeoutMs: 30_000, runId });
    await closeConnectionNamed(`fnsync.${runId}.replies`);
    expect((await failure(invocation.result)).message).toMatch(
      new RegExp(`^sleepy \\(invocation ${runId}-\\d+\\) lost its reply queue fnsync\\.${runId}\\.replies: `),
    );
    expect((await brokerObjects(`fnsync.${runId}.replies`)).queues).toEqual([`fnsync.${runId}.replies`]);
    await lambda.close();
    await expectNothingLeft(runId);
  });
});
