import { WorkerRuntime } from '../worker-runtime.js';
import { WorkerProcess } from './worker-process.js';

/**
 * A fresh Node process per invocation, as a FaaS platform gives: the strongest isolation on this
 * machine (its own memory, module state, file descriptors), and the slowest cold start (a Node
 * process to boot). The pool, timeout, cancel and prewarm are WorkerRuntime's.
 */
export class LocalRuntime extends WorkerRuntime {
  readonly name = 'local';

  constructor() {
    super((fn, runId, invocationId) => new WorkerProcess(fn, runId, invocationId));
  }
}
