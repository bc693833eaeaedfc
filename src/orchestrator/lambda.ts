/**
 * The public face of the FaaS runtimes (lambda; OpenWhisk and Knative are one AsyncInvoker each):
 * the runtimes, the function-side entry, and what deploy shares with them.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export { LambdaInvoker, LambdaRuntime, type LambdaRuntimeOptions } from './lambda-runtime.js';
export { ReplyQueueRuntime } from './reply-queue-runtime.js';
export { InvokeRefusedError, type AsyncInvoker } from './async-invoker.js';
export { OpenWhiskInvoker, type OpenWhiskTarget } from './openwhisk-invoker.js';
export { createLambdaHandler, type LambdaHandler } from './lambda-entry.js';
export { LambdaEvent, LambdaReport, lambdaFunctionName, replyQueueName } from './lambda-protocol.js';
export {
  DEFAULT_LAMBDA_PREFIX,
  DEFAULT_LAMBDA_REGION,
  createLambdaClient,
  describeEndpoint,
  resolveLambdaTarget,
  type ResolvedLambdaTarget,
} from './lambda-target.js';

/**
 * The module that exports createLambdaHandler, for bundlers: the TypeScript source under vitest,
 * the compiled file otherwise (esbuild reads both).
 */
export const LAMBDA_ENTRY_MODULE = fileURLToPath(new URL(`./lambda-entry${extname(import.meta.url)}`, import.meta.url));
