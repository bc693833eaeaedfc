import { InfrastructureError, messageOf } from '../../common/index.js';

/** One invocation failed: it threw, crashed, was killed or ran out of time. Names the function. */
export class InvocationError extends InfrastructureError {
  readonly label: string;
  readonly invocationId: string;
  /** The handler's own error, when it threw (rather than crashed, timed out or was cancelled). */
  readonly thrown: unknown;
  constructor(label: string, invocationId: string, what: string, options?: { cause?: unknown; thrown?: unknown }) {
    super(`${label} (invocation ${invocationId}) ${what}`, options);
    this.label = label;
    this.invocationId = invocationId;
    this.thrown = options?.thrown;
  }

  static threw(label: string, invocationId: string, cause: unknown): InvocationError {
    return new InvocationError(label, invocationId, `failed: ${messageOf(cause)}`, { cause, thrown: cause });
  }

  static timedOut(label: string, invocationId: string, timeoutMs: number): InvocationError {
    return new InvocationError(label, invocationId, `timed out after ${timeoutMs} ms`);
  }

  static cancelled(label: string, invocationId: string): InvocationError {
    return new InvocationError(label, invocationId, 'was cancelled');
  }
}

let counter = 0;
/** Invocation ids are unique within a process and readable: `<runId>-<n>`. */
export function nextInvocationId(runId: string): string {
  counter += 1;
  return `${runId}-${counter}`;
}
