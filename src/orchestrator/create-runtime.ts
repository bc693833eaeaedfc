import { UsageError } from '../common/errors.js';
import { RuntimeName, type FunctionRuntime } from './function-runtime.js';
import { InlineRuntime } from './inline-runtime.js';
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
export function createRuntime(name: RuntimeName, _options: RuntimeOptions = {}): FunctionRuntime {
  switch (name) {
    case RuntimeName.Local:
      return new LocalRuntime();
    case RuntimeName.Inline:
      return new InlineRuntime();
    case RuntimeName.Lambda:
      throw new UsageError('the lambda runtime is not available yet');
  }
}
