import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compiledPath } from '../compiled-path.js';
import type { FunctionRef } from '../function-runtime.js';
import { WORKER_RUN_FLAG } from './worker-protocol.js';

const WORKER_PATH = compiledPath(new URL(`./worker${extname(import.meta.url)}`, import.meta.url));
const WORKER_FLAGS = (process.env.FNSYNC_WORKER_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
/** How much of a crashed worker's stderr its error quotes. */
const STDERR_TAIL_CHARS = 600;

const bundles = new Map<string, boolean>();
function bundleExists(path: string): boolean {
  let exists = bundles.get(path);
  if (exists === undefined) bundles.set(path, (exists = existsSync(path)));
  return exists;
}

/**
 * One worker process for one invocation, from spawn to exit. It is spawned before it has its
 * payload (which arrives over IPC), so a runtime may start it early and overlap its cold start
 * with other work. Its stdout and stderr go to the orchestrator's stderr, never to results.
 */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly spawnedAt = performance.now();
  /** Set once the process has ended and its IPC and output are drained. */
  ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly closed: Promise<void>;
  private stderrTail = '';

  constructor(
    readonly fn: FunctionRef,
    readonly runId: string,
    readonly invocationId: string,
  ) {
    const argv = [WORKER_RUN_FLAG, runId, '--fnsync-invocation', invocationId, compiledPath(fn.module), fn.export];
    // A prebuilt bundle starts through its loader (which uses the bundle's code cache).
    const bundle = fn.bundle !== undefined && bundleExists(fn.bundle) ? fn.bundle : undefined;
    this.child = fork(bundle ? join(dirname(bundle), 'worker-loader.cjs') : WORKER_PATH, bundle ? [...argv, bundle] : argv, {
      // Not the orchestrator's flags (vitest's loaders, say); FNSYNC_WORKER_FLAGS adds some, e.g. to profile workers.
      execArgv: WORKER_FLAGS,
      serialization: 'json',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const forward = (chunk: Buffer): void => {
      process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    };
    this.child.stdout?.on('data', forward);
    this.child.stderr?.on('data', forward);
    this.child.on('error', () => undefined); // a failed spawn also ends in 'close'
    // 'close', not 'exit': a result sent just before exiting is still in the IPC pipe at 'exit'.
    this.closed = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        this.ended = { code, signal };
        resolve();
      });
    });
  }

  /** Why the process ended, with the last lines it wrote to stderr. */
  describeEnd(): string {
    const what = this.ended?.signal ? `was killed by ${this.ended.signal}` : `exited with code ${this.ended?.code ?? '?'} before returning`;
    const tail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
    return tail ? `${what}; stderr: ${tail}` : what;
  }

  async kill(): Promise<void> {
    if (this.ended === undefined) this.child.kill('SIGKILL');
    await this.closed;
  }
}
