/**
 * Function runtimes: the contract (a function by reference, an invocation with a result, a
 * timeout and a cancel), and its implementations, one folder each: isolate (a worker thread per
 * invocation), local (a process per invocation), inline (this process), faas (a platform, results
 * over a reply queue). isolate and local share the worker pool of worker-runtime.ts.
 */
export type { FunctionRef, FunctionRuntime, Handler, HandlerContext, Invocation, InvokeOptions } from './function-runtime.js';
export { InvocationError } from './invocation-error.js';
export { RUNTIME_NAMES, RuntimeName, createRuntime, type RuntimeOptions } from './create-runtime.js';
export { compiledPath, workerBundle } from './compiled-path.js';
export { InlineRuntime } from './inline/inline-runtime.js';
export { IsolateRuntime, type IsolateRuntimeOptions } from './isolate/isolate-runtime.js';
export { LocalRuntime } from './local/local-runtime.js';
export * from './faas/index.js';
