import type { LambdaClient } from '@aws-sdk/client-lambda';
import { messageOf } from '../../../common/index.js';
import type { FunctionRef } from '../function-runtime.js';
import { InvokeRefusedError, type AsyncInvoker, type FaasPlatform } from './async-invoker.js';
import { deployedFunctionName, type InvocationEvent } from './faas-protocol.js';
import { createLambdaClient, describeEndpoint, loadLambdaSdk, resolveLambdaTarget, type ResolvedLambdaTarget } from './lambda-target.js';

/**
 * Functions deployed to AWS Lambda (by `fnsync deploy`), or to an emulator of its API such as
 * serverless-offline, invoked asynchronously (InvocationType 'Event'); results arrive on the run's
 * reply queue (see ReplyQueueRuntime).
 */
export const lambdaPlatform = {
  name: 'lambda',
  summary: 'functions deployed to AWS Lambda by `fnsync deploy` (or serverless-offline)',
  createInvoker: (target): AsyncInvoker => new LambdaInvoker(resolveLambdaTarget(target)),
} as const satisfies FaasPlatform<'lambda'>;

/** The Lambda Invoke API, asynchronously; its failures said in the user's terms. */
class LambdaInvoker implements AsyncInvoker {
  readonly where: string;
  private client: Promise<LambdaClient> | undefined;

  constructor(readonly target: ResolvedLambdaTarget) {
    this.where = describeEndpoint(target);
  }

  functionName(fn: FunctionRef): string {
    return deployedFunctionName(this.target.functionPrefix, fn);
  }

  async invoke(functionName: string, event: InvocationEvent): Promise<void> {
    let status: number | undefined;
    try {
      this.client ??= createLambdaClient(this.target);
      const client = await this.client;
      const { InvokeCommand } = await loadLambdaSdk();
      const response = await client.send(
        new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }),
      );
      status = response.StatusCode;
    } catch (error) {
      throw new InvokeRefusedError(this.describeFailure(functionName, error), { cause: error });
    }
    // 202 Accepted is the only answer that means the function will run.
    if (status !== 202)
      throw new InvokeRefusedError(`was not accepted by ${this.where} (HTTP ${status ?? '?'}, function '${functionName}')`);
  }

  close(): void {
    void this.client?.then(
      (client) => client.destroy(),
      () => undefined,
    );
  }

  private describeFailure(functionName: string, error: unknown): string {
    const name = error instanceof Error ? error.name : '';
    const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
    if (name === 'ResourceNotFoundException') {
      return `cannot start: function '${functionName}' is not deployed at ${this.where} (deploy it with: fnsync deploy --runtime lambda --lambda-prefix ${this.target.functionPrefix})`;
    }
    if (name === 'CredentialsProviderError') {
      return 'cannot start: no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE; any values do for serverless-offline)';
    }
    if (status !== undefined)
      return `cannot start: ${this.where} refused to invoke '${functionName}' (HTTP ${status} ${name}: ${messageOf(error)})`;
    const code = (error as { code?: unknown } | null)?.code;
    return `cannot start: the Lambda endpoint ${this.where} does not answer (${typeof code === 'string' ? `${code} ` : ''}${messageOf(error)})`;
  }
}
