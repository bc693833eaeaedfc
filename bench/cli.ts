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
