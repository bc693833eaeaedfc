import type { LambdaClient } from '@aws-sdk/client-lambda';
import { InfrastructureError, UsageError, messageOf } from '../common/index.js';
import { loadLambdaSdk } from '../orchestrator/index.js';
import { LAMBDA_HANDLER, LAMBDA_NODE_RUNTIME } from './bundle.js';

export interface FunctionSettings {
  /** The execution role, required to create a function (not to update one). */
  roleArn: string | undefined;
  memoryMb: number;
  timeoutSeconds: number;
}

/** How long a created or updated function may take to become invocable. */
const WAIT_SECONDS = 120;

/**
 * Creates the function, or updates its code and settings when it exists, and waits until it can
 * be invoked. Asynchronous retries are switched off: AWS would retry a failed invocation up to
 * twice, re-running a function of a run that has already failed and ended.
 */
export async function publishFunction(
  client: LambdaClient,
  name: string,
  zip: Buffer,
  settings: FunctionSettings,
): Promise<'created' | 'updated'> {
  const {
    CreateFunctionCommand,
    PutFunctionEventInvokeConfigCommand,
    UpdateFunctionCodeCommand,
    UpdateFunctionConfigurationCommand,
    waitUntilFunctionActiveV2,
    waitUntilFunctionUpdatedV2,
  } = await loadLambdaSdk();
  const exists = await functionExists(client, name);
  const waiter = { client, maxWaitTime: WAIT_SECONDS, minDelay: 1, maxDelay: 5 };
  try {
    if (exists) {
      await client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip }));
      await waitUntilFunctionUpdatedV2(waiter, { FunctionName: name });
      await client.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: name,
          Runtime: LAMBDA_NODE_RUNTIME,
          Handler: LAMBDA_HANDLER,
          MemorySize: settings.memoryMb,
          Timeout: settings.timeoutSeconds,
          ...(settings.roleArn === undefined ? {} : { Role: settings.roleArn }),
        }),
      );
      await waitUntilFunctionUpdatedV2(waiter, { FunctionName: name });
    } else {
      if (settings.roleArn === undefined) {
        throw new UsageError(`--lambda-role (or FNSYNC_LAMBDA_ROLE) is required to create '${name}': the execution role's ARN`);
      }
      await client.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: LAMBDA_NODE_RUNTIME,
          Handler: LAMBDA_HANDLER,
          Role: settings.roleArn,
          Code: { ZipFile: zip },
          MemorySize: settings.memoryMb,
          Timeout: settings.timeoutSeconds,
          Description: 'fnsync function (deployed by fnsync deploy)',
        }),
      );
      await waitUntilFunctionActiveV2(waiter, { FunctionName: name });
    }
    await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0 }));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new InfrastructureError(`cannot ${exists ? 'update' : 'create'} the Lambda function '${name}': ${describeLambdaError(error)}`, {
      cause: error,
    });
  }
  return exists ? 'updated' : 'created';
}

async function functionExists(client: LambdaClient, name: string): Promise<boolean> {
  const { GetFunctionCommand } = await loadLambdaSdk();
  try {
    await client.send(new GetFunctionCommand({ FunctionName: name }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return false;
    throw new InfrastructureError(`cannot look up the Lambda function '${name}': ${describeLambdaError(error)}`, { cause: error });
  }
}

/** A Lambda API failure in one line: credentials, an endpoint that does not answer, or the API's own answer. */
export function describeLambdaError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (name === 'CredentialsProviderError') return 'no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)';
  if (status === undefined) return `the endpoint does not answer (${messageOf(error)})`;
  return `HTTP ${status} ${name}: ${messageOf(error)}`;
}
