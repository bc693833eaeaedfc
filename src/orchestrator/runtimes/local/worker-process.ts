import { fork, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { builtBundle, bundleLoader, compiledPath } from '../compiled-path.js';
import type { FunctionRef } from '../function-runtime.js';
import { OutputTail } from '../output-tail.js';
import type { RuntimeWorker } from '../worker-runtime.js';
import { WORKER_RUN_FLAG, type ToWorker } from '../worker-protocol.js';

const WORKER_PATH = compiledPath(new URL(`./worker${extname(import.meta.url)}`, import.meta.url));
const WORKER_FLAGS = (process.env.FNSYNC_WORKER_FLAGS ?? '').split(' ').filter((flag) => flag !== '');

/**
 * One worker process for one invocation, from spawn to exit. It is spawned before it has its
 * payload (which arrives over IPC), so a runtime may start it early and overlap its cold start
 * with other work. Its stdout and stderr go to the orchestrator's stderr, never to results.
 */
export class WorkerProcess implements RuntimeWorker {
  readonly child: ChildProcess;
  readonly startedAt = performance.now();
  /** Set once the process has ended and its IPC and output are drained. */
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly closed: Promise<void>;
  private readonly output = new OutputTail();

  constructor(
    readonly fn: FunctionRef,
    readonly runId: string,
    readonly invocationId: string,
  ) {
    const argv = [WORKER_RUN_FLAG, runId, '--fnsync-invocation', invocationId, compiledPath(fn.module), fn.export];
    // A prebuilt bundle starts through its loader (which uses the bundle's code cache).
    const bundle = builtBundle(fn);
    this.child = fork(bundle ? bundleLoader(bundle) : WORKER_PATH, bundle ? [...argv, bundle] : argv, {
      // Not the orchestrator's flags (vitest's loaders, say); FNSYNC_WORKER_FLAGS adds some, e.g. to profile workers.
      execArgv: WORKER_FLAGS,
      serialization: 'json',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stdout?.on('data', this.output.forward);
    this.child.stderr?.on('data', this.output.forward);
    this.child.on('error', () => undefined); // a failed spawn also ends in 'close'
    // 'close', not 'exit': a result sent just before exiting is still in the IPC pipe at 'exit'.
    this.closed = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
    });
  }

  get ended(): boolean {
    return this.exit !== undefined;
  }

  onMessage(listener: (raw: unknown) => void): void {
    this.child.on('message', listener);
  }

  deliver(message: ToWorker): void {
    this.child.send(message, (error) => {
      if (error) this.child.kill('SIGKILL');
    });
  }

  /** Why the process ended, with the last lines it wrote to stderr. */
  describeEnd(): string {
    const signal = this.exit?.signal;
    return this.output.describe(signal ? `was killed by ${signal}` : `exited with code ${this.exit?.code ?? '?'} before returning`);
  }

  async kill(): Promise<void> {
    if (!this.ended) this.child.kill('SIGKILL');
    await this.closed;
  }
}
