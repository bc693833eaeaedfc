/** Function runtimes, the executor API and the synchronizer's run lifecycle. */
export type { FunctionRef, FunctionRuntime, Handler, HandlerContext, Invocation, InvokeOptions } from './function-runtime.js';
export { RuntimeName } from './function-runtime.js';
export { InvocationError } from './invocation-error.js';
export { InlineRuntime } from './inline-runtime.js';
export { LocalRuntime } from './local-runtime.js';
export { createRuntime, type LambdaTarget, type RuntimeOptions } from './create-runtime.js';
export { FunctionExecutor, ReturnWhen, type CallOptions, type ExecutorOptions, type Future } from './executor.js';
export { compiledPath } from './compiled-path.js';
