import { ErrorCode, FnsyncError } from '../common/index.js';
import type { RemoteErrorKind } from './messages.js';

/** Why a remote call failed. The user's mistakes (no such function, a bad argument) are usage errors. */
export type CallFailure = RemoteErrorKind | 'node-failed' | 'no-such-node';

const codeOf: Record<CallFailure, ErrorCode> = {
  'no-such-function': ErrorCode.Usage,
  'bad-argument': ErrorCode.Usage,
  'no-such-node': ErrorCode.Usage,
  threw: ErrorCode.Infrastructure,
  'too-large': ErrorCode.Infrastructure,
  cancelled: ErrorCode.Infrastructure,
  'node-failed': ErrorCode.Infrastructure,
};

/** A remote call (or a dispatched one) that did not return a value: `kind` says why. */
export class RemoteCallError extends FnsyncError {
  constructor(
    readonly kind: CallFailure,
    message: string,
  ) {
    super(codeOf[kind], message);
  }
}

/** The lock could not be taken: its token went with a failed node, or the node left. */
export class LockLostError extends FnsyncError {
  constructor(message: string) {
    super(ErrorCode.Infrastructure, message);
  }
}
