/**
 * A function, known by reference: the orchestrator never sees its insides, so the same runtimes
 * run the synchronizer's master and slaves and the exercise engine's devices.
 */
export interface FunctionRef {
  /** Absolute path (or file: URL) of the compiled ES module that exports the handler. */
  readonly module: string;
  /** The handler's export name. */
  readonly export: string;
  /**
   * A prebuilt, self-contained CommonJS worker for this function exporting `start(invocationId)`
   * (`npm run build` makes them, with worker-loader.cjs beside them), which `local` (in a process)
   * and `isolate` (in a thread) start instead of the generic worker when it exists: a faster cold start.
   */
  readonly bundle?: string;
}

/** What a handler gets besides its payload. */
export interface HandlerContext {
  readonly invocationId: string;
  /** Aborted when the orchestrator cancels the invocation (inline runtime; a process or thread is killed instead). */
  readonly signal: AbortSignal;
}

export type Handler = (payload: unknown, context: HandlerContext) => Promise<unknown>;

export interface InvokeOptions {
  /** Who this is, for messages: `master`, `slave 3`, `device 7`. */
  readonly label: string;
  /** The invocation fails with an InvocationError after this long. */
  readonly timeoutMs: number;
  /** The run it belongs to: tags processes and logs, so that a run can find what it started. */
  readonly runId: string;
}

export interface Invocation {
  readonly id: string;
  readonly label: string;
  /** The handler's result; rejects with an InvocationError. */
  readonly result: Promise<unknown>;
  /** Milliseconds from invoke() to the handler's start, once it started. */
  coldStartMs(): number | undefined;
  /** Stops the invocation (kills its process or thread, aborts its handler); resolves once it is gone. */
  cancel(): Promise<void>;
}

export interface FunctionRuntime {
  /** How the CLI names it: `isolate`, `local`, `inline`, `lambda`, ... */
  readonly name: string;
  /**
   * Whether invocations run on this machine (a thread, a process, this process): they then reach
   * the broker at the address the caller already resolved, without a name lookup each.
   */
  readonly onThisMachine: boolean;
  invoke(fn: FunctionRef, payload: unknown, options: InvokeOptions): Invocation;
  /**
   * Optional: start `count` invocations' worth of `fn` for the run before their payloads exist,
   * so that cold starts overlap the caller's set-up. Idempotent; unused ones go at close().
   */
  prewarm?(fn: FunctionRef, count: number, runId: string): void;
  /** Releases what the runtime holds across invocations (clients, reply queues). */
  close(): Promise<void>;
}
