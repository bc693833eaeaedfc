/**
 * The error hierarchy of fnsync. Every error a user can see carries a `code`; the CLI maps the
 * code to an exit code, so one failure is reported the same way wherever it is raised.
 */
export const ErrorCode = {
  /** The result of a run failed its verification or its checker (exit 1). */
  CheckFailed: 'check-failed',
  /** Bad options or a bad input file (exit 2). */
  Usage: 'usage',
  /** The broker, a function invocation or a timeout failed (exit 3). */
  Infrastructure: 'infrastructure',
  /** A protocol peer misbehaved (exit 3: it is the run that broke, not the user's input). */
  Protocol: 'protocol',
  /** Ctrl-C or SIGTERM ended the run (exit 130 or 143, as shells report a signal). */
  Interrupted: 'interrupted',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ExitCode = { Ok: 0, CheckFailed: 1, Usage: 2, Infrastructure: 3, Interrupted: 130, Terminated: 143 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class FnsyncError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

export class UsageError extends FnsyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.Usage, message, options);
  }
}

export class CheckFailedError extends FnsyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.CheckFailed, message, options);
  }
}

export class InfrastructureError extends FnsyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.Infrastructure, message, options);
  }
}

/** A wait ran past its limit. */
export class TimeoutError extends InfrastructureError {}

export class ProtocolError extends FnsyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.Protocol, message, options);
  }
}

/** The run was stopped from outside: Ctrl-C (SIGINT, exit 130) or SIGTERM (exit 143). */
export class InterruptedError extends FnsyncError {
  readonly exitCode: ExitCode;
  constructor(signal: 'SIGINT' | 'SIGTERM' | 'abort' = 'abort') {
    super(ErrorCode.Interrupted, signal === 'abort' ? 'interrupted' : `interrupted (${signal})`);
    this.exitCode = signal === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
  }
}

const exitByCode: Record<ErrorCode, ExitCode> = {
  [ErrorCode.CheckFailed]: ExitCode.CheckFailed,
  [ErrorCode.Usage]: ExitCode.Usage,
  [ErrorCode.Infrastructure]: ExitCode.Infrastructure,
  [ErrorCode.Protocol]: ExitCode.Infrastructure,
  [ErrorCode.Interrupted]: ExitCode.Interrupted,
};

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in exitByCode;
}

/**
 * The exit code for any thrown value. Errors are matched by their `code` property (so that an
 * error that crossed a process boundary keeps its meaning); anything unknown is an infrastructure
 * failure.
 */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof InterruptedError) return error.exitCode;
  const code = (error as { code?: unknown } | null)?.code;
  return isErrorCode(code) ? exitByCode[code] : ExitCode.Infrastructure;
}

/** The message of any thrown value, on one line. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : describeValue(error);
  return text.replace(/\s*\n\s*/g, ' ');
}

/** Something thrown that is not an Error (a library's plain object): its fields, not `[object Object]`. */
function describeValue(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const { message } = value as { message?: unknown };
  if (typeof message === 'string') return message;
  try {
    return JSON.stringify(value).slice(0, 300);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
