import type { FunctionRef } from '../function-runtime.js';
import type { InvocationEvent } from './faas-protocol.js';

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
  invoke(functionName: string, event: InvocationEvent): Promise<void>;
  /** Releases the platform client. */
  close(): void;
}

/** Where a platform is and what its functions are called; every field is optional and falls back to the environment. */
export interface FaasTarget {
  /** The platform's API endpoint (Lambda: serverless-offline, LocalStack; OpenWhisk: its API host). */
  endpoint?: string;
  /** A region, for platforms that have them. */
  region?: string;
  /** Deployed function names are `<prefix>-master`, `<prefix>-slave`. Default `fnsync`. */
  functionPrefix?: string;
}

/**
 * One FaaS platform, as the runtime list knows it. Adding a platform is one file that exports one
 * of these (with its AsyncInvoker) and one line in platforms.ts.
 */
export interface FaasPlatform<Name extends string = string> {
  /** The `--runtime` name. */
  readonly name: Name;
  /** One line for `--help`. */
  readonly summary: string;
  createInvoker(target: FaasTarget): AsyncInvoker;
}

/** The platform did not start the function; the message says why, for the InvocationError. */
export class InvokeRefusedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvokeRefusedError';
  }
}

/** The function prefix when neither a flag nor the environment names one. */
export const DEFAULT_FUNCTION_PREFIX = 'fnsync';
