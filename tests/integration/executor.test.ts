import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { TimeoutError } from '../../src/common/index.js';
import {
  FunctionExecutor,
  InlineRuntime,
  InvocationError,
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

  test('maps payloads to results in order, each invocation on its own (a process each on local)', async ({ runId }) => {
    await withExecutor(runId(`exec-${name}`), async (executor) => {
      const futures = executor.map(
        fn('echo'),
        [3, 1, 2].map((v) => ({ value: v, delayMs: v * 20 })),
        (_p, i) => `echo ${i}`,
      );
      const results = (await executor.getResult(futures, { timeoutMs: 20_000 })) as { value: number; pid: number }[];
      expect(results.map((r) => r.value)).toEqual([3, 1, 2]);
      const pids = new Set(results.map((r) => r.pid));
      expect(pids.size).toBe(name === 'local' ? 3 : 1);
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

describe('the local runtime', () => {
  test('reports a function whose process exits on its own, with its exit code', async ({ runId }) => {
    const runtime = new LocalRuntime();
    try {
      const invocation = runtime.invoke(fn('crash'), {}, { label: 'slave 4', timeoutMs: 20_000, runId: runId('crash') });
      await expect(invocation.result).rejects.toThrow(/^slave 4 \(invocation [^)]+\) exited with code 9 before returning$/);
    } finally {
      await runtime.close();
    }
  });
});
