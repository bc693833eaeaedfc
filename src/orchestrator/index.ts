/**
 * The orchestrator: the Lithops-shaped executor over any function runtime, and the synchronizer's
 * run lifecycle and verification. Functions are known by reference, never imported.
 */
export * from './runtimes/index.js';
export { FunctionExecutor, ReturnWhen, type CallOptions, type ExecutorOptions, type Future } from './executor.js';
export {
  prewarmSynchronizer,
  runSynchronizer,
  type RunProgress,
  type SynchronizerEvent,
  type SynchronizerOptions,
  type SynchronizerReport,
} from './run-synchronizer.js';
export { verifyRun, type Verification } from './verify.js';
export { MASTER_FUNCTION, SLAVE_FUNCTION } from './synchronizer-functions.js';
