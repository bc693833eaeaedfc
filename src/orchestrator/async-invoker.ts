import type { FunctionRef } from './function-runtime.js';
import type { LambdaEvent } from './lambda-protocol.js';

/**
 * What a FaaS platform must offer fnsync: start one function asynchronously with an event, and
 * say where it is. Everything else (the reply queue, timeouts, cancel, clean-up) is the platform-
 * independent ReplyQueueRuntime's; so Lambda, OpenWhisk and Knative are one invoker file each.
 */
export interface AsyncInvoker {
  /** Where the platform is, for messages: `http://127.0.0.1:3002`, `AWS Lambda in eu-west-1`. */
  readonly where: string;
  /** The deployed name of a function on this platform. */
  functionName(fn: FunctionRef): string;
  /** Starts the function without waiting for it; rejects with an InvokeRefusedError when it did not start. */
  invoke(functionName: string, event: LambdaEvent): Promise<void>;
  /** Releases the platform client. */
  close(): void;
}

/** The platform did not start the function; the message says why, for the InvocationError. */
export class InvokeRefusedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvokeRefusedError';
  }
}
