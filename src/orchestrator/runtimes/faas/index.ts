/**
 * The FaaS runtimes: a ReplyQueueRuntime over one AsyncInvoker per platform (platforms.ts lists
 * them), the function-side entry that deploy bundles, and what deploy shares with the runtimes.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export { ReplyQueueRuntime } from './reply-queue-runtime.js';
export { DEFAULT_FUNCTION_PREFIX, InvokeRefusedError, type AsyncInvoker, type FaasPlatform, type FaasTarget } from './async-invoker.js';
export { FAAS_PLATFORMS, type FaasPlatformName } from './platforms.js';
export { OpenWhiskInvoker } from './openwhisk-invoker.js';
export { createFaasHandler, type FaasHandler } from './faas-entry.js';
export { InvocationEvent, InvocationReport, deployedFunctionName, replyQueueName } from './faas-protocol.js';
export {
  DEFAULT_LAMBDA_REGION,
  createLambdaClient,
  describeEndpoint,
  loadLambdaSdk,
  resolveLambdaTarget,
  type ResolvedLambdaTarget,
} from './lambda-target.js';

/**
 * The module that exports createFaasHandler, for bundlers: the TypeScript source under vitest,
 * the compiled file otherwise (esbuild reads both).
 */
export const FAAS_ENTRY_MODULE = fileURLToPath(new URL(`./faas-entry${extname(import.meta.url)}`, import.meta.url));
