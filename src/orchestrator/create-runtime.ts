import { UsageError } from '../common/errors.js';
import { RuntimeName, type FunctionRuntime } from './function-runtime.js';
import { InlineRuntime } from './inline-runtime.js';
import { LambdaRuntime } from './lambda-runtime.js';
import { OpenWhiskInvoker } from './openwhisk-invoker.js';
import { ReplyQueueRuntime } from './reply-queue-runtime.js';
import { LocalRuntime } from './local-runtime.js';

/** Options some runtimes need; each runtime reads only its own. */
export interface RuntimeOptions {
  /** The broker, for runtimes that learn results over RabbitMQ (lambda). */
  amqpUrl?: string;
  /** The lambda runtime's target; each field falls back to the environment (see docs/lambda.md). */
  lambda?: LambdaTarget;
}

export interface LambdaTarget {
  /** Lambda API endpoint (serverless-offline, LocalStack); default: AWS for the region. */
  endpoint?: string;
  region?: string;
  /** Deployed function names are `<prefix>-master` and `<prefix>-slave`. */
  functionPrefix?: string;
}

/** The one place a runtime name becomes a runtime. */
export function createRuntime(name: RuntimeName, options: RuntimeOptions = {}): FunctionRuntime {
  switch (name) {
    case RuntimeName.Local:
      return new LocalRuntime();
    case RuntimeName.Inline:
      return new InlineRuntime();
    case RuntimeName.Lambda:
      return new LambdaRuntime({
        amqpUrl: requireBroker(name, options),
        ...(options.lambda === undefined ? {} : { lambda: options.lambda }),
      });
    case RuntimeName.OpenWhisk:
      // Configured as the wsk CLI is: __OW_API_HOST, __OW_API_KEY, __OW_NAMESPACE.
      return new ReplyQueueRuntime(
        RuntimeName.OpenWhisk,
        requireBroker(name, options),
        new OpenWhiskInvoker({ actionPrefix: options.lambda?.functionPrefix }),
      );
  }
}

/** The FaaS functions report to the run's reply queue on this broker, so those runtimes need it. */
function requireBroker(name: RuntimeName, options: RuntimeOptions): string {
  if (options.amqpUrl === undefined) throw new UsageError(`the ${name} runtime needs the broker URL (--amqp or AMQP_URL)`);
  return options.amqpUrl;
}
