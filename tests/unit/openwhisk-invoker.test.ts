import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/common/index.js';
import { InvokeRefusedError, OpenWhiskInvoker, type InvocationEvent } from '../../src/orchestrator/index.js';

interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

/** A stand-in for the OpenWhisk API host: records each request and answers with the next canned status. */
const requests: Recorded[] = [];
let status = 202;
let server: Server;
let apihost = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: request.method ?? '?',
        url: request.url ?? '?',
        authorization: request.headers.authorization,
        body: text === '' ? undefined : JSON.parse(text),
      });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(status === 202 ? { activationId: 'a1b2c3' } : { error: 'The requested resource does not exist.', code: 'x' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  apihost = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
  status = 202;
});

const event: InvocationEvent = {
  fnsync: 1,
  runId: 'abc123',
  invocationId: 'abc123-1',
  label: 'master',
  timeoutMs: 5000,
  replyTo: { amqpUrl: 'amqp://guest:guest@127.0.0.1:5672', queue: 'fnsync.abc123.replies' },
  replyKey: 'x'.repeat(43),
  payload: { slaves: 3 },
};
const MASTER = { module: '/x/master/index.js', export: 'masterHandler' };

async function refusal(invoke: Promise<void>): Promise<string> {
  const error: unknown = await invoke.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvokeRefusedError);
  return (error as Error).message;
}

describe('OpenWhiskInvoker', () => {
  it('invokes the action non-blocking, with the event as its params and the key as basic auth', async () => {
    const invoker = new OpenWhiskInvoker({ apihost, apiKey: 'user-uuid:secret-key', namespace: 'guest', actionPrefix: 'demo' }, {});
    expect(invoker.functionName(MASTER)).toBe('demo-master');
    await invoker.invoke('demo-master', event);
    expect(requests).toEqual([
      {
        method: 'POST',
        url: '/api/v1/namespaces/guest/actions/demo-master?blocking=false',
        authorization: `Basic ${Buffer.from('user-uuid:secret-key').toString('base64')}`,
        body: event,
      },
    ]);
  });

  it('takes the host, key and namespace from the wsk environment variables', async () => {
    const invoker = new OpenWhiskInvoker({}, { __OW_API_HOST: apihost, __OW_API_KEY: 'k:v' });
    expect(invoker.where).toBe(apihost);
    await invoker.invoke(invoker.functionName(MASTER), event);
    expect(requests[0]?.url).toBe('/api/v1/namespaces/_/actions/fnsync-master?blocking=false');
  });

  it('says which action is not deployed (404), and when the key is refused (401)', async () => {
    const invoker = new OpenWhiskInvoker({ apihost, apiKey: 'k:v' }, {});
    status = 404;
    expect(await refusal(invoker.invoke('fnsync-slave', event))).toBe(`cannot start: action 'fnsync-slave' is not deployed at ${apihost}`);
    status = 401;
    expect(await refusal(invoker.invoke('fnsync-slave', event))).toBe(`cannot start: ${apihost} refused the API key (HTTP 401)`);
  });

  it('says when the API host does not answer', async () => {
    const invoker = new OpenWhiskInvoker({ apihost: 'http://127.0.0.1:9', apiKey: 'k:v' }, {});
    expect(await refusal(invoker.invoke('fnsync-master', event))).toMatch(
      /^cannot start: the OpenWhisk API host http:\/\/127\.0\.0\.1:9 does not answer/,
    );
  });

  it('needs a host and a key', () => {
    expect(() => new OpenWhiskInvoker({ apihost }, {})).toThrow(UsageError);
  });
});
