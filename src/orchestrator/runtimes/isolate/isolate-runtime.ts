import { WorkerRuntime } from '../worker-runtime.js';
import { WorkerThread } from './worker-thread.js';

/** Each thread's V8 old-generation heap limit unless the caller sets one: a slave needs a few MB. */
const DEFAULT_HEAP_LIMIT_MB = 128;

export interface IsolateRuntimeOptions {
  /** Each invocation's heap limit (V8 old generation), in MB: past it the invocation fails, not the process. */
  readonly heapLimitMb?: number;
}

/**
 * A fresh worker thread per invocation, as Cloudflare Workers and Deno Deploy run functions: its
 * own V8 isolate (heap with its own limit, module state, globals) and event loop, in this process.
 * No process to boot, so its cold start is a fraction of `local`'s; what it does not isolate is
 * what the process shares (CPU, file descriptors, native add-ons, a fatal error of Node itself). The pool, timeout, cancel and prewarm are WorkerRuntime's.
 */
export class IsolateRuntime extends WorkerRuntime {
  readonly name = 'isolate';

  constructor(options: IsolateRuntimeOptions = {}) {
    const heapLimitMb = options.heapLimitMb ?? DEFAULT_HEAP_LIMIT_MB;
    super((fn, runId, invocationId) => new WorkerThread(fn, runId, invocationId, heapLimitMb));
  }
}
