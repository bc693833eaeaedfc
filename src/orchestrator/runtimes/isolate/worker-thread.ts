import { extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { messageOf } from '../../../common/index.js';
import { builtBundle, bundleLoader, compiledPath } from '../compiled-path.js';
import type { FunctionRef } from '../function-runtime.js';
import { OutputTail } from '../output-tail.js';
import type { RuntimeWorker } from '../worker-runtime.js';
import type { ToWorker } from '../worker-protocol.js';
import type { ThreadData } from './thread-data.js';

const ENTRY_PATH = compiledPath(new URL(`./thread-entry${extname(import.meta.url)}`, import.meta.url));

/**
 * One worker thread for one invocation: its own V8 isolate (heap, module state, globals) and its
 * own event loop, in the orchestrator's process. Started before it has its payload, like a local
 * worker process; terminate() stops it even in a tight loop. Its output goes to our stderr.
 */
export class WorkerThread implements RuntimeWorker {
  readonly startedAt = performance.now();
  readonly closed: Promise<void>;
  private readonly worker: Worker;
  private readonly output = new OutputTail();
  private exitCode: number | undefined;
  private crash: Error | undefined;
  private terminated = false;

  constructor(
    fn: FunctionRef,
    runId: string,
    readonly invocationId: string,
    private readonly heapLimitMb: number,
  ) {
    const bundle = builtBundle(fn);
    const data: ThreadData = { runId, invocationId, module: compiledPath(fn.module), export: fn.export, ...(bundle ? { bundle } : {}) };
    // A prebuilt bundle starts through its loader (which uses the bundle's code cache).
    this.worker = new Worker(bundle ? bundleLoader(bundle) : ENTRY_PATH, {
      workerData: data,
      // Not the orchestrator's flags (vitest's loaders, say).
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: heapLimitMb },
      stdout: true,
      stderr: true,
    });
    this.worker.stdout.on('data', this.output.forward);
    this.worker.stderr.on('data', this.output.forward);
    // An uncaught error or running out of heap: 'exit' follows.
    this.worker.on('error', (error) => {
      this.crash = error;
    });
    // Node delivers what the thread posted before it emits 'exit'.
    this.closed = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        this.exitCode = code;
        resolve();
      });
    });
  }

  get ended(): boolean {
    return this.exitCode !== undefined;
  }

  onMessage(listener: (raw: unknown) => void): void {
    this.worker.on('message', listener);
  }

  deliver(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** Why the thread ended without a result: what it threw, its heap, its exit code. */
  describeEnd(): string {
    const code = (this.crash as { code?: unknown } | undefined)?.code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') return this.output.describe(`ran out of memory (heap limit ${this.heapLimitMb} MB)`);
    if (this.crash) return this.output.describe(`crashed: ${messageOf(this.crash)}`);
    if (this.terminated) return 'was terminated';
    return this.output.describe(`exited with code ${this.exitCode ?? '?'} before returning`);
  }

  async kill(): Promise<void> {
    if (!this.ended) {
      this.terminated = true;
      await this.worker.terminate();
    }
    await this.closed;
  }
}
