/**
 * Starts serverless-offline (serverless@3 + serverless-offline 13.9: a local AWS Lambda API, no
 * account) for the lambda tests, with the synchronizer's functions deployed exactly as
 * `fnsync deploy --dry-run` packages them (the zips) and the test fixtures beside them; stops it,
 * with its whole process group, afterwards.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { BUNDLE_FILE, bundleFunction } from '../../src/deploy/index.js';
import { BROKEN_PREFIX, ECHO_FUNCTION, FAILING_FUNCTION, SLEEPY_FUNCTION, TEST_PREFIX } from './offline-service.js';

const ROOT = resolve(import.meta.dirname, '../..');
const STARTUP_LIMIT_MS = 60_000;

export default async function setup(_project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'fnsync-offline-'));
  // serverless resolves its plugins from the service folder.
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');

  // fnsync's functions (the synchronizer's and pow's), packaged by the real CLI.
  await promisify(execFile)(process.execPath, [
    join(ROOT, 'dist/cli/main.js'),
    'deploy',
    '--dry-run',
    '--lambda-prefix',
    TEST_PREFIX,
    '--out-dir',
    join(dir, 'deployed'),
  ]);
  const fixtureDir = (name: string): string => join(dir, 'fixtures', name);
  await bundleFunction(ECHO_FUNCTION, join(fixtureDir('echo'), BUNDLE_FILE));
  await bundleFunction(FAILING_FUNCTION, join(fixtureDir('failing'), BUNDLE_FILE));
  await bundleFunction(SLEEPY_FUNCTION, join(fixtureDir('sleepy'), BUNDLE_FILE));

  const fromZip = (name: string) => ({ name, handler: 'index.handler', package: { artifact: join(dir, 'deployed', `${name}.zip`) } });
  const fromFolder = (name: string, folder: string) => ({ name, handler: `fixtures/${folder}/index.handler` });
  const [lambdaPort, httpPort, websocketPort, albPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const service = {
    service: 'fnsync-lambda-tests',
    frameworkVersion: '3',
    // serverless 3.9's schema predates nodejs20.x; serverless-offline runs it regardless.
    configValidationMode: 'off',
    provider: { name: 'aws', runtime: 'nodejs20.x', region: 'us-east-1', timeout: 60 },
    functions: {
      master: fromZip(`${TEST_PREFIX}-master`),
      slave: fromZip(`${TEST_PREFIX}-slave`),
      powCoordinator: fromZip(`${TEST_PREFIX}-pow-coordinator`),
      powWorker: fromZip(`${TEST_PREFIX}-pow-worker`),
      echo: fromFolder(`${TEST_PREFIX}-echo`, 'echo'),
      failing: fromFolder(`${TEST_PREFIX}-failing`, 'failing'),
      sleepy: fromFolder(`${TEST_PREFIX}-sleepy`, 'sleepy'),
      brokenMaster: fromFolder(`${BROKEN_PREFIX}-master`, 'failing'),
      brokenSlave: fromFolder(`${BROKEN_PREFIX}-slave`, 'failing'),
    },
    plugins: ['serverless-offline'],
    custom: { 'serverless-offline': { host: '127.0.0.1', lambdaPort, httpPort, websocketPort, albPort } },
  };
  await writeFile(join(dir, 'serverless.json'), JSON.stringify(service, null, 2));

  const credentials = { AWS_ACCESS_KEY_ID: 'fnsync-test', AWS_SECRET_ACCESS_KEY: 'fnsync-test', AWS_REGION: 'us-east-1' };
  const logFile = join(dir, 'serverless-offline.log');
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/serverless/bin/serverless.js'), 'offline', 'start'], {
    cwd: dir,
    detached: true, // its own process group, so that teardown ends its workers too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...credentials,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      // Node 20.19+ can require() ES modules, and serverless 3 then fails to load the (ESM)
      // plugin: "Cannot redefine property: _serverlessExternalPluginName".
      NODE_OPTIONS: '--no-experimental-require-module',
    },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);

  const endpoint = `http://127.0.0.1:${lambdaPort}`;
  try {
    await waitUntilAnswering(endpoint, child, logFile);
  } catch (error) {
    await stop(child);
    throw error;
  }
  Object.assign(process.env, credentials, { FNSYNC_TEST_LAMBDA_ENDPOINT: endpoint, FNSYNC_TEST_OFFLINE_LOG: logFile });

  return async () => {
    await stop(child);
    log.end();
    if (process.env.FNSYNC_KEEP_OFFLINE === undefined) await rm(dir, { recursive: true, force: true });
  };
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** Polls an invocation of a function that does not exist until the Lambda API answers it (404). */
async function waitUntilAnswering(endpoint: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serverless-offline exited with ${child.exitCode}: ${await tail(logFile)}`);
    try {
      const response = await fetch(`${endpoint}/2015-03-31/functions/fnsync-readiness-probe/invocations`, { method: 'POST', body: '{}' });
      if (response.status === 404) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`serverless-offline did not answer at ${endpoint} within ${STARTUP_LIMIT_MS} ms: ${await tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function tail(file: string): Promise<string> {
  return (await readFile(file, 'utf8').catch(() => '')).slice(-2000);
}

/** SIGTERM to the process group, SIGKILL after 5 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pid = child.pid;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // Worker threads live in the same process; anything it forked shares its group: make sure.
  signalGroup('SIGKILL');
}
