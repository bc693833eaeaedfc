/**
 * Distributed proof of work (seed 003): a coordinator and 2^k workers as function invocations on
 * the broker, the client library (powlib), the traced actions and the checker of their rules.
 */
export { PowService, assertWorkerCount, type PowServiceOptions, type PowServiceReport } from './pow-service.js';
export { PowClient, connectPow, type MineResult, type PowClientOptions } from './pow-client.js';
export { PowAddress } from './address.js';
export { MAX_NONCE_BYTES, MAX_ZEROS, type Action, type ActionName, type TraceRecord } from './actions.js';
export { checkTrace, type Violation } from './trace-checker.js';
export { readTrace, writeTrace, toShiviz } from './trace-files.js';
export { describeSecret, provesWork, trailingZeros } from './proof.js';
export { SecretSearch, type SearchSpace } from './secret-search.js';
export { COORDINATOR_FUNCTION, WORKER_FUNCTION } from './pow-functions.js';
