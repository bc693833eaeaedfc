import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SyncRuntime } from './synchronizer.js';

/** A whole CLI run may take this long on a loaded 2-core machine before the bench gives up on it. */
const CLI_LIMIT_MS = 120_000;

/**
 * The wall time of one `fnsync run --slaves N --runtime R --json` as a user sees it: from spawning
 * the built CLI to its exit (Node's boot, the CLI's own start, the run, the teardown). It must
 * exit 0, or this throws with the tail of its stderr.
 */
export function measureCliRun(dist: string, amqpUrl: string, runtime: SyncRuntime, slaves: number, runId: string): Promise<number> {
  const args = [join(dist, 'cli', 'main.js'), 'run', '--slaves', String(slaves), '--runtime', runtime, '--json'];
  return timedNode([...args, '--amqp', amqpUrl, '--run-id', runId], `fnsync run --slaves ${slaves} --runtime ${runtime}`);
}

/** The baseline beside it: `node -e 0`, a Node process that boots and exits. */
export function measureNodeBoot(): Promise<number> {
  return timedNode(['-e', '0'], 'node -e 0');
}

/**
 * What a run's start cannot go below on a runtime: a Node process that starts `functions` threads
 * (isolate) or `node -e 0` processes (local) that do nothing but say they are up, all at once, and
 * exits when every one has. No bundle, no broker: only Node's own boot, `functions` times over.
 */
export function measureStartFloor(runtime: 'isolate' | 'local', functions: number): Promise<number> {
  const source = runtime === 'isolate' ? threadsSource(functions) : processesSource(functions);
  return timedNode(['-e', source], `${functions} no-op ${runtime === 'isolate' ? 'threads' : 'processes'}`);
}

function threadsSource(functions: number): string {
  return `
const { Worker } = require('node:worker_threads');
for (let i = 0; i < ${functions}; i++) {
  const worker = new Worker("require('node:worker_threads').parentPort.postMessage(0)", { eval: true });
  worker.once('message', () => void worker.terminate());
  worker.once('error', (error) => { console.error(error); process.exit(1); });
}
`;
}

function processesSource(functions: number): string {
  return `
const { spawn } = require('node:child_process');
for (let i = 0; i < ${functions}; i++) {
  spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).once('exit', (code) => { if (code !== 0) process.exit(1); });
}
`;
}

function timedNode(args: string[], what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-400);
    });
    const limit = setTimeout(() => child.kill('SIGKILL'), CLI_LIMIT_MS);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(limit);
      const wallMs = performance.now() - began;
      if (code === 0) resolve(wallMs);
      else reject(new Error(`${what} ended with ${signal ?? `code ${String(code)}`}: ${stderr.trim().split('\n').slice(-2).join(' | ')}`));
    });
  });
}
