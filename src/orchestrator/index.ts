/** Function runtimes, the executor API and the synchronizer's run lifecycle. */
export type { FunctionRef, FunctionRuntime, Handler, HandlerContext, Invocation, InvokeOptions } from './function-runtime.js';
export { RuntimeName } from './function-runtime.js';
export { InvocationError } from './invocation-error.js';
export { InlineRuntime } from './inline-runtime.js';
export { LocalRuntime } from './local-runtime.js';
export * from './lambda.js';
export { createRuntime, type LambdaTarget, type RuntimeOptions } from './create-runtime.js';
export { FunctionExecutor, ReturnWhen, type CallOptions, type ExecutorOptions, type Future } from './executor.js';
export { compiledPath, workerBundle } from './compiled-path.js';
export { runSynchronizer, type SynchronizerOptions, type SynchronizerReport } from './run-synchronizer.js';
export { verifyRun, type Verification } from './verify.js';
export { MASTER_FUNCTION, SLAVE_FUNCTION } from './synchronizer-functions.js';
export { resolveBroker, type ResolvedBroker } from './resolve-broker.js';
