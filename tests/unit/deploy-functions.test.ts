import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/common/index.js';
import { deleteFunctions, deployFunctions, type DeployOptions } from '../../src/deploy/index.js';
import { resolveLambdaTarget, type FunctionRef } from '../../src/orchestrator/index.js';

const ECHO: FunctionRef = {
  module: fileURLToPath(new URL('../lambda/fixtures/test-functions.ts', import.meta.url)),
  export: 'echoHandler',
};

interface Recorded {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/**
 * A stand-in for the Lambda API: enough of CreateFunction, GetFunction, UpdateFunctionCode,
 * UpdateFunctionConfiguration and PutFunctionEventInvokeConfig to record what deploy asks for.
 */
class FakeLambdaApi {
  readonly requests: Recorded[] = [];
  readonly deployed = new Set<string>();
  private server: Server | undefined;
  endpoint = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, body, error }) => {
        response.writeHead(status, { 'content-type': 'application/json', ...(error === undefined ? {} : { 'x-amzn-errortype': error }) });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    this.endpoint = `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body: unknown; error?: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const method = request.method ?? '?';
    this.requests.push({ method, path, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
    const configuration = (name: string) => ({ FunctionName: name, State: 'Active', LastUpdateStatus: 'Successful' });
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/2015-03-31/functions') {
      const name = String(this.requests.at(-1)?.body.FunctionName);
      this.deployed.add(name);
      return { status: 201, body: { FunctionName: name, State: 'Pending' } };
    }
    if ((match = /^\/2015-03-31\/functions\/([^/]+)$/.exec(path)) && method === 'DELETE') {
      const name = decodeURIComponent(match[1] ?? '');
      if (!this.deployed.delete(name))
        return { status: 404, body: { Type: 'User', Message: `Function not found: ${name}` }, error: 'ResourceNotFoundException' };
      return { status: 204, body: {} };
    }
    if ((match = /^\/2015-03-31\/functions\/([^/]+)$/.exec(path)) && method === 'GET') {
      const name = decodeURIComponent(match[1] ?? '');
      if (!this.deployed.has(name))
        return { status: 404, body: { Type: 'User', Message: `Function not found: ${name}` }, error: 'ResourceNotFoundException' };
      return { status: 200, body: { Configuration: configuration(name) } };
    }
    if ((match = /^\/2015-03-31\/functions\/([^/]+)\/(code|configuration)$/.exec(path)) && method === 'PUT') {
      return { status: 200, body: configuration(decodeURIComponent(match[1] ?? '')) };
    }
    if (/^\/2019-09-25\/functions\/[^/]+\/event-invoke-config$/.test(path) && method === 'PUT') return { status: 200, body: {} };
    return { status: 400, body: { Message: `unexpected ${method} ${path}` }, error: 'InvalidRequestContentException' };
  }
}

const api = new FakeLambdaApi();
const ROLE = 'arn:aws:iam::123456789012:role/fnsync-test';
let outDir = '';
const lines: string[] = [];

function options(overrides: Partial<DeployOptions> = {}): DeployOptions {
  return {
    functions: [ECHO],
    target: resolveLambdaTarget({ endpoint: api.endpoint, region: 'eu-west-1', functionPrefix: 'unit' }, {}),
    outDir,
    dryRun: false,
    roleArn: ROLE,
    memoryMb: 512,
    timeoutSeconds: 60,
    report: (line) => lines.push(line),
    ...overrides,
  };
}

const summary = (requests: Recorded[]): string[] => requests.map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID ??= 'fnsync-test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'fnsync-test';
  await api.start();
  outDir = await mkdtemp(join(tmpdir(), 'fnsync-deploy-'));
});
afterAll(async () => {
  await api.stop();
  await rm(outDir, { recursive: true, force: true });
});
beforeEach(() => {
  api.requests.length = 0;
  lines.length = 0;
});

describe('deployFunctions against a fake Lambda API', () => {
  it('a dry run writes the bundle and the zip and calls nothing', async () => {
    const [deployed] = await deployFunctions(options({ dryRun: true }));
    expect(api.requests).toEqual([]);
    expect(deployed?.action).toBe('dry-run');
    expect(lines).toEqual([
      expect.stringMatching(
        /^would create or update 'unit-echo' at http:\/\/127\.0\.0\.1:\d+: nodejs20\.x, handler index\.handler, 512 MB, timeout 60 s, role arn:aws:iam::123456789012:role\/fnsync-test, async retries 0, code .*unit-echo\.zip \(\d+ kB\)$/,
      ),
    ]);
    const bundle = await readFile(join(deployed?.directory ?? '', 'index.mjs'), 'utf8');
    expect(bundle).toContain('createRequire');
    expect(bundle).toContain('echoHandler');
  });

  it('refuses to create a function without a role, before creating anything', async () => {
    await expect(deployFunctions(options({ roleArn: undefined }))).rejects.toThrow(UsageError);
    await expect(deployFunctions(options({ roleArn: undefined }))).rejects.toThrow(
      "--lambda-role (or FNSYNC_LAMBDA_ROLE) is required to create 'unit-echo'",
    );
    expect(summary(api.requests)).toEqual(['GET /2015-03-31/functions/unit-echo', 'GET /2015-03-31/functions/unit-echo']);
  });

  it('creates a missing function with the zip, waits until it is active and turns async retries off', async () => {
    const [deployed] = await deployFunctions(options());
    expect(deployed?.action).toBe('created');
    expect(summary(api.requests)).toEqual([
      'GET /2015-03-31/functions/unit-echo',
      'POST /2015-03-31/functions',
      'GET /2015-03-31/functions/unit-echo',
      'PUT /2019-09-25/functions/unit-echo/event-invoke-config',
    ]);
    const create = api.requests[1]?.body ?? {};
    expect(create).toMatchObject({
      FunctionName: 'unit-echo',
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 60,
    });
    const zip = await readFile(deployed?.zip ?? '');
    expect(Buffer.from(String((create.Code as { ZipFile?: string }).ZipFile), 'base64').equals(zip)).toBe(true);
    expect(api.requests[3]?.body).toEqual({ MaximumRetryAttempts: 0 });
    expect(lines).toEqual([expect.stringMatching(/^created 'unit-echo' at http:\/\/127\.0\.0\.1:\d+ \(\d+ kB\)$/)]);
  });

  it('updates an existing function: code, then settings, waiting after each', async () => {
    const [deployed] = await deployFunctions(options({ roleArn: undefined, memoryMb: 256 }));
    expect(deployed?.action).toBe('updated');
    expect(summary(api.requests)).toEqual([
      'GET /2015-03-31/functions/unit-echo',
      'PUT /2015-03-31/functions/unit-echo/code',
      'GET /2015-03-31/functions/unit-echo',
      'PUT /2015-03-31/functions/unit-echo/configuration',
      'GET /2015-03-31/functions/unit-echo',
      'PUT /2019-09-25/functions/unit-echo/event-invoke-config',
    ]);
    const zip = await readFile(deployed?.zip ?? '');
    expect(Buffer.from(String(api.requests[1]?.body.ZipFile), 'base64').equals(zip)).toBe(true);
    expect(api.requests[3]?.body).toEqual({ Runtime: 'nodejs20.x', Handler: 'index.handler', MemorySize: 256, Timeout: 60 });
  });

  it('--delete removes what is deployed and says what is not there; a dry run deletes nothing', async () => {
    const target = options().target;
    expect(await deleteFunctions({ functions: [ECHO], target, dryRun: true, report: (line) => lines.push(line) })).toEqual([
      { name: 'unit-echo', action: 'dry-run' },
    ]);
    expect(api.requests).toEqual([]);
    expect(await deleteFunctions({ functions: [ECHO], target, dryRun: false, report: (line) => lines.push(line) })).toEqual([
      { name: 'unit-echo', action: 'deleted' },
    ]);
    expect(await deleteFunctions({ functions: [ECHO], target, dryRun: false, report: (line) => lines.push(line) })).toEqual([
      { name: 'unit-echo', action: 'absent' },
    ]);
    expect(summary(api.requests)).toEqual(['DELETE /2015-03-31/functions/unit-echo', 'DELETE /2015-03-31/functions/unit-echo']);
    expect(lines).toEqual([
      expect.stringMatching(/^would delete 'unit-echo' at http:\/\/127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^deleted 'unit-echo' at /),
      expect.stringMatching(/^'unit-echo' is not deployed at .*: nothing to delete$/),
    ]);
  });

  it('names the endpoint that does not answer', async () => {
    const closed = resolveLambdaTarget({ endpoint: 'http://127.0.0.1:9', functionPrefix: 'unit' }, {});
    await expect(deployFunctions(options({ target: closed }))).rejects.toThrow(
      /cannot look up the Lambda function 'unit-echo': the endpoint does not answer/,
    );
  });
});
