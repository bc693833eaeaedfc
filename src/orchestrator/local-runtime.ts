import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compiledPath } from './compiled-path.js';
import type { FunctionRef, FunctionRuntime, Invocation, InvokeOptions } from './function-runtime.js';
import { RuntimeName } from './function-runtime.js';
import { InvocationError, nextInvocationId } from './invocation-error.js';
import { FromWorker, WORKER_RUN_FLAG, type ToWorker } from './worker-protocol.js';

const WORKER_PATH = compiledPath(new URL(`./worker${extname(import.meta.url)}`, import.meta.url));
const bundles = new Map<string, boolean>();
function bundleExists(path: string): boolean {
  let exists = bundles.get(path);
  if (exists === undefined) bundles.set(path, (exists = existsSync(path)));
  return exists;
}

/** How much of a crashed worker's stderr its error quotes. */
const STDERR_TAIL_CHARS = 600;

/**
 * A fresh Node process per invocation, as a FaaS platform gives: nothing shared, a cold start
 * measured from spawn to the handler's start, a crash or a timeout reported as an InvocationError.
 * A worker's stdout and stderr go to the orchestrator's stderr, so they never mix with results.
 */
export class LocalRuntime implements FunctionRuntime {
  readonly name = RuntimeName.Local;
  private readonly children = new Set<ChildProcess>();

  invoke(fn: FunctionRef, payload: unknown, options: InvokeOptions): Invocation {
    const id = nextInvocationId(options.runId);
    const invokedAt = performance.now();
    let startedAt: number | undefined;
    let stderrTail = '';

    const argv = [WORKER_RUN_FLAG, options.runId, '--fnsync-invocation', id, compiledPath(fn.module), fn.export];
    // A prebuilt bundle starts through its loader (which uses the bundle's code cache).
    const bundled = fn.bundle !== undefined && bundleExists(fn.bundle);
    const child = fork(bundled ? join(dirname(fn.bundle), 'worker-loader.cjs') : WORKER_PATH, bundled ? [...argv, fn.bundle] : argv, {
      execArgv: [],
      serialization: 'json',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.children.add(child);
    const forward = (chunk: Buffer): void => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);

    const exited = new Promise<void>((resolve) => {
      child.once('close', () => {
        this.children.delete(child);
        resolve();
      });
    });

    const result = new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        action();
      };
      const fail = (what: string): void => {
        const tail = stderrTail.trim().split('\n').slice(-3).join(' | ');
        settle(() => {
          reject(new InvocationError(options.label, id, tail ? `${what}; stderr: ${tail}` : what));
        });
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        settle(() => {
          reject(InvocationError.timedOut(options.label, id, options.timeoutMs));
        });
      }, options.timeoutMs);

      child.on('message', (raw: unknown) => {
        const parsed = FromWorker.safeParse(raw);
        if (!parsed.success) return;
        const message = parsed.data;
        if (message.type === 'started') startedAt = performance.now();
        else if (message.type === 'result') settle(() => resolve(message.value));
        else settle(() => reject(InvocationError.threw(options.label, id, new Error(message.message))));
      });
      child.once('error', (error) => {
        fail(`could not start: ${error.message}`);
      });
      // 'close', not 'exit': a result sent just before exiting is still in the IPC pipe at 'exit'.
      child.once('close', (code, signal) => {
        fail(signal ? `was killed by ${signal}` : `exited with code ${code ?? '?'} before returning`);
      });
    });
    result.catch(() => undefined);

    const invoke: ToWorker = { type: 'invoke', invocationId: id, payload };
    child.send(invoke, (error) => {
      if (error) child.kill('SIGKILL');
    });

    return {
      id,
      label: options.label,
      result,
      coldStartMs: () => (startedAt === undefined ? undefined : startedAt - invokedAt),
      cancel: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      },
    };
  }

  async close(): Promise<void> {
    const exits = [...this.children].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => {
            resolve();
          });
          child.kill('SIGKILL');
        }),
    );
    await Promise.all(exits);
  }
}
