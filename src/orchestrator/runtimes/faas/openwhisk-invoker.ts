import type openwhisk from 'openwhisk';
import { UsageError, importOptional, messageOf } from '../../../common/index.js';
import type { FunctionRef } from '../function-runtime.js';
import { DEFAULT_FUNCTION_PREFIX, InvokeRefusedError, type AsyncInvoker, type FaasPlatform } from './async-invoker.js';
import { deployedFunctionName, type InvocationEvent } from './faas-protocol.js';

/**
 * Apache OpenWhisk (the platform under IBM Cloud Functions, which the seed used) through the
 * official `openwhisk` client: a non-blocking action invoke, the counterpart of Lambda's 'Event'.
 * Actions are the same bundles as on Lambda (the FaaS entry takes the action's params as its
 * event), so with a ReplyQueueRuntime this is the whole OpenWhisk runtime. Configured as the wsk
 * CLI is: __OW_API_HOST, __OW_API_KEY, __OW_NAMESPACE.
 */
export const openWhiskPlatform = {
  name: 'openwhisk',
  summary: 'deployed OpenWhisk actions (configured by __OW_API_HOST, __OW_API_KEY, __OW_NAMESPACE)',
  createInvoker: (target): AsyncInvoker => new OpenWhiskInvoker({ apihost: target.endpoint, actionPrefix: target.functionPrefix }),
} as const satisfies FaasPlatform<'openwhisk'>;

export interface OpenWhiskTarget {
  /** e.g. `https://openwhisk.example.com` or `http://127.0.0.1:3233`; default: $__OW_API_HOST. */
  apihost?: string;
  /** `uuid:key`; default: $__OW_API_KEY (the same variables the wsk CLI and actions use). */
  apiKey?: string;
  /** default: $__OW_NAMESPACE, else `_` (the key's own namespace). */
  namespace?: string;
  /** Action names are `<prefix>-master`, `<prefix>-slave`; default `fnsync`. */
  actionPrefix?: string;
}

export class OpenWhiskInvoker implements AsyncInvoker {
  readonly where: string;
  private client: Promise<openwhisk.Client> | undefined;
  private readonly prefix: string;
  private readonly options: openwhisk.Options;

  constructor(target: OpenWhiskTarget = {}, env: NodeJS.ProcessEnv = process.env) {
    const apihost = target.apihost ?? env.__OW_API_HOST;
    const apiKey = target.apiKey ?? env.__OW_API_KEY;
    if (apihost === undefined || apiKey === undefined) {
      throw new UsageError('the openwhisk runtime needs the API host and key (__OW_API_HOST and __OW_API_KEY, as for the wsk CLI)');
    }
    this.where = apihost;
    this.prefix = target.actionPrefix ?? DEFAULT_FUNCTION_PREFIX;
    // No retries inside the client (no `retry` option): a retried non-blocking invoke could start an action twice.
    this.options = { apihost, api_key: apiKey, namespace: target.namespace ?? env.__OW_NAMESPACE ?? '_' };
  }

  functionName(fn: FunctionRef): string {
    return deployedFunctionName(this.prefix, fn);
  }

  async invoke(functionName: string, event: InvocationEvent): Promise<void> {
    try {
      // Imported on first use, so that the other runtimes do not pay for loading it.
      this.client ??= importOptional('openwhisk', 'the openwhisk runtime', () => import('openwhisk')).then(({ default: create }) =>
        create(this.options),
      );
      const client = await this.client;
      const activation = await client.actions.invoke({ name: functionName, params: event, blocking: false });
      if (typeof activation.activationId !== 'string')
        throw new InvokeRefusedError(`cannot start: ${this.where} returned no activation id for '${functionName}'`);
    } catch (error) {
      if (error instanceof InvokeRefusedError) throw error;
      throw new InvokeRefusedError(this.describeFailure(functionName, error), { cause: error });
    }
  }

  close(): void {
    // The client holds no connection between requests.
  }

  private describeFailure(functionName: string, error: unknown): string {
    const status = (error as { statusCode?: unknown } | null)?.statusCode;
    if (status === 404) return `cannot start: action '${functionName}' is not deployed at ${this.where}`;
    if (status === 401 || status === 403) return `cannot start: ${this.where} refused the API key (HTTP ${status})`;
    if (typeof status === 'number')
      return `cannot start: ${this.where} refused to invoke '${functionName}' (HTTP ${status}: ${messageOf(error)})`;
    return `cannot start: the OpenWhisk API host ${this.where} does not answer (${messageOf(error)})`;
  }
}
