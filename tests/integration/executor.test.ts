import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { TimeoutError } from '../../src/common/index.js';
import {
  FunctionExecutor,
  InlineRuntime,
  InvocationError,
  IsolateRuntime,
  LocalRuntime,
  ReturnWhen,
  type FunctionRef,
  type FunctionRuntime,
} from '../../src/orchestrator/index.js';
import { test } from '../support/fixtures.js';

const module = fileURLToPath(new URL('../fixtures/functions.js', import.meta.url));
const fn = (name: string): FunctionRef => ({ module, export: name });

describe.each([
  ['inline', () => new InlineRuntime()],
  ['local', () => new LocalRuntime()],
  ['isolate', () => new IsolateRuntime()],
] as const)('the executor on the %s runtime', (name, makeRuntime) => {
  /** An executor over a fresh runtime, closed after the body; the fixture checks no process is left. */
  async function withExecutor(runId: string, body: (executor: FunctionExecutor) => Promise<void>): Promise<void> {
    const runtime: FunctionRuntime = makeRuntime();
    try {
      await body(new FunctionExecutor({ runtime, runId, timeoutMs: 20_000 }));
    } finally {
      await runtime.close();
    }
  }

  test('maps payloads to results in order, each invocation on its own (a process or thread each)', async ({ runId }) => {
    await withExecutor(runId(`exec-${name}`), async (executor) => {
      const futures = executor.map(
        fn('echo'),
        [3, 1, 2].map((v) => ({ value: v, delayMs: v * 20 })),
        (_p, i) => `echo ${i}`,
      );
      const results = (await executor.getResult(futures, { timeoutMs: 20_000 })) as { value: number; pid: number; threadId: number }[];
      expect(results.map((r) => r.value)).toEqual([3, 1, 2]);
      const pids = new Set(results.map((r) => r.pid));
      expect(pids.size).toBe(name === 'local' ? 3 : 1);
      const where = new Set(results.map((r) => `${r.pid}/${r.threadId}`));
      expect(where.size).toBe(name === 'inline' ? 1 : 3);
      for (const f of futures) {
        expect(f.status()).toBe('done');
        expect(f.coldStartMs()).toBeGreaterThanOrEqual(0);
      }
    });
  });

  test('waits for the first completion, then for all', async ({ runId }) => {
    await withExecutor(runId(`exec-${name}`), async (executor) => {
      const fast = executor.callAsync(fn('echo'), { value: 'fast' }, { label: 'fast' });
      const slow = executor.callAsync(fn('echo'), { value: 'slow', delayMs: 1500 }, { label: 'slow' });
      const first = await executor.wait([fast, slow], { timeoutMs: 10_000, returnWhen: ReturnWhen.AnyCompleted });
      expect(first.done).toEqual([fast]);
      expect(first.notDone).toEqual([slow]);
      const all = await executor.wait([fast, slow], { timeoutMs: 10_000 });
      expect(all.notDone).toEqual([]);
    });
  });

  test('fails fast with the failing invocation named, and cancels the rest', async ({ runId }) => {
    await withExecutor(runId(`exec-${name}`), async (executor) => {
      const hanging = executor.callAsync(fn('hang'), {}, { label: 'hanger' });
      const failing = executor.callAsync(fn('fail'), { why: 'test' }, { label: 'slave 7' });
      const error = await executor.getResult([hanging, failing], { timeoutMs: 20_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvocationError);
      expect((error as Error).message).toMatch(/^slave 7 \(invocation [^)]+\) failed: failing on purpose: test$/);
      expect(hanging.status()).toBe('failed');
    });
  });

  test('ends a run that outlives its limit with a TimeoutError naming what still runs', async ({ runId }) => {
    await withExecutor(runId(`exec-${name}`), async (executor) => {
      const hanging = executor.callAsync(fn('hang'), {}, { label: 'master' });
      const error = await executor.getResult([hanging], { timeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).message).toContain('master still running');
    });
  });

  test('reports a per-invocation timeout and a handler that returns nothing', async ({ runId }) => {
    await withExecutor(runId(`exec-${name}`), async (executor) => {
      const slow = executor.callAsync(fn('hang'), {}, { label: 'slave 2', timeoutMs: 300 });
      await expect(slow.result).rejects.toThrow(/^slave 2 \(invocation [^)]+\) timed out after 300 ms$/);
      const empty = executor.callAsync(fn('returnsNothing'), {}, { label: 'empty' });
      await expect(empty.result).resolves.toBeUndefined();
    });
  });
});

/** A runtime that runs each invocation in a worker of its own, closed after the body. */
async function withWorkers<R extends LocalRuntime | IsolateRuntime>(runtime: R, body: (runtime: R) => Promise<void>): Promise<void> {
  try {
    await body(runtime);
  } finally {
    await runtime.close();
    expect(runtime.running()).toBe(0);
  }
}

describe.each([
  ['local', () => new LocalRuntime(), /^slave 5 \(invocation [^)]+\) exited with code 1 before returning; stderr: /],
  ['isolate', () => new IsolateRuntime(), /^slave 5 \(invocation [^)]+\) crashed: thrown where no one catches it$/],
] as const)('the %s runtime, a worker per invocation', (_name, makeRuntime, uncaught) => {
  test('reports a function that exits on its own, with its exit code', async ({ runId }) => {
    await withWorkers(makeRuntime(), async (runtime) => {
      const invocation = runtime.invoke(fn('crash'), {}, { label: 'slave 4', timeoutMs: 20_000, runId: runId('crash') });
      await expect(invocation.result).rejects.toThrow(/^slave 4 \(invocation [^)]+\) exited with code 9 before returning$/);
    });
  });

  test('reports an uncaught exception as a crash naming the function', async ({ runId }) => {
    await withWorkers(makeRuntime(), async (runtime) => {
      const invocation = runtime.invoke(fn('throwUncaught'), {}, { label: 'slave 5', timeoutMs: 20_000, runId: runId('uncaught') });
      await expect(invocation.result).rejects.toThrow(uncaught);
    });
  });

  test('kills a function spinning in a tight loop at its timeout', async ({ runId }) => {
    await withWorkers(makeRuntime(), async (runtime) => {
      const invocation = runtime.invoke(fn('spin'), {}, { label: 'spinner', timeoutMs: 500, runId: runId('spin') });
      await expect(invocation.result).rejects.toThrow(/^spinner \(invocation [^)]+\) timed out after 500 ms$/);
      await expect.poll(() => runtime.running(), { timeout: 10_000 }).toBe(0);
    });
  });

  test('cancels a spinning function: cancel() returns once its worker is gone', async ({ runId }) => {
    await withWorkers(makeRuntime(), async (runtime) => {
      const invocation = runtime.invoke(fn('spin'), {}, { label: 'spinner', timeoutMs: 60_000, runId: runId('cancel') });
      await invocation.cancel();
      expect(runtime.running()).toBe(0);
      await expect(invocation.result).rejects.toThrow(/^spinner \(invocation [^)]+\) was cancelled$/);
    });
  });

  test('shares no module state between invocations', async ({ runId }) => {
    await withWorkers(makeRuntime(), async (runtime) => {
      const id = runId('state');
      const counts = [1, 2, 3].map(
        (i) => runtime.invoke(fn('countCalls'), {}, { label: `count ${i}`, timeoutMs: 20_000, runId: id }).result,
      );
      expect(await Promise.all(counts)).toEqual([1, 1, 1]);
    });
  });

  test('leaves nothing running after close(): prewarmed, spinning and hanging workers go', async ({ runId }) => {
    const runtime = makeRuntime();
    const id = runId('close');
    runtime.prewarm(fn('echo'), 3, id);
    const spinning = runtime.invoke(fn('spin'), {}, { label: 'spinner', timeoutMs: 60_000, runId: id });
    const hanging = runtime.invoke(fn('hang'), {}, { label: 'hanger', timeoutMs: 60_000, runId: id });
    expect(runtime.running()).toBe(5);
    await runtime.close();
    expect(runtime.running()).toBe(0);
    await expect(spinning.result).rejects.toThrow(InvocationError);
    await expect(hanging.result).rejects.toThrow(InvocationError);
  });
});

describe('the isolate runtime', () => {
  test('ends an invocation that outgrows its heap limit, and only that one', async ({ runId }) => {
    await withWorkers(new IsolateRuntime({ heapLimitMb: 32 }), async (runtime) => {
      const id = runId('heap');
      const greedy = runtime.invoke(fn('exhaustHeap'), {}, { label: 'greedy', timeoutMs: 60_000, runId: id });
      await expect(greedy.result).rejects.toThrow(/^greedy \(invocation [^)]+\) ran out of memory \(heap limit 32 MB\)/);
      const next = runtime.invoke(fn('echo'), { value: 'still here' }, { label: 'next', timeoutMs: 20_000, runId: id });
      await expect(next.result).resolves.toMatchObject({ value: 'still here', pid: process.pid });
    });
  });
});
