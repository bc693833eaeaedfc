import type { LambdaClient } from '@aws-sdk/client-lambda';
import { importOptional } from '../../../common/index.js';
import { DEFAULT_FUNCTION_PREFIX, type FaasTarget } from './async-invoker.js';

export const DEFAULT_LAMBDA_REGION = 'us-east-1';

/** A FaasTarget with Lambda's environment fallbacks applied (see docs/lambda.md). */
export interface ResolvedLambdaTarget {
  /** Undefined: AWS itself, for the region. */
  endpoint: string | undefined;
  region: string;
  functionPrefix: string;
}

/**
 * Flags win over the environment, the environment over the defaults. Credentials are not among
 * these on purpose: they come from the AWS SDK's own chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, a
 * role), never from flags, so that they never show up in `ps` or a shell history.
 */
export function resolveLambdaTarget(target: FaasTarget = {}, env: NodeJS.ProcessEnv = process.env): ResolvedLambdaTarget {
  return {
    endpoint: nonEmpty(target.endpoint) ?? nonEmpty(env.FNSYNC_LAMBDA_ENDPOINT) ?? nonEmpty(env.AWS_ENDPOINT_URL_LAMBDA),
    region: nonEmpty(target.region) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? DEFAULT_LAMBDA_REGION,
    functionPrefix: nonEmpty(target.functionPrefix) ?? nonEmpty(env.FNSYNC_LAMBDA_PREFIX) ?? DEFAULT_FUNCTION_PREFIX,
  };
}

/** How long one Lambda API call may take to connect, and in all, before the endpoint counts as not answering. */
const CONNECT_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The SDK is imported on first use: it costs ~100 ms of start-up, which every other command and
 * runtime would pay for nothing.
 */
export async function createLambdaClient(target: ResolvedLambdaTarget): Promise<LambdaClient> {
  const { LambdaClient } = await loadLambdaSdk();
  // fnsync supports Node 20 (package.json engines); the SDK's notice that its future releases will
  // not would otherwise interleave with every run's output. Setting the variable to 'false' shows it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new LambdaClient({
    region: target.region,
    ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint }),
    // Two attempts: a refused connection is retried once, not three times with backoff, so that an
    // endpoint that is down is reported within seconds.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
}

/** Where the Lambda API is, for messages. */
export function describeEndpoint(target: ResolvedLambdaTarget): string {
  return target.endpoint ?? `AWS Lambda in ${target.region}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The AWS SDK's Lambda client package, an optional peer dependency. */
export function loadLambdaSdk(): Promise<typeof import('@aws-sdk/client-lambda')> {
  return importOptional('@aws-sdk/client-lambda', 'the lambda runtime and fnsync deploy', () => import('@aws-sdk/client-lambda'));
}
