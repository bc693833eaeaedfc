import { describe, expect } from 'vitest';
import {
  InlineRuntime,
  IsolateRuntime,
  LocalRuntime,
  runSynchronizer,
  type FunctionRuntime,
  type SynchronizerReport,
} from '../../src/orchestrator/index.js';
import { amqpUrl } from '../support/broker.js';
import { test } from '../support/fixtures.js';

async function run(runtime: FunctionRuntime, runId: string, slaves: number, seed?: number): Promise<SynchronizerReport> {
  try {
    return await runSynchronizer({ amqpUrl: amqpUrl(), slaves, runtime, seed, runId, leaseMs: 10_000, timeoutMs: 600_000 });
  } finally {
    await runtime.close();
  }
}

function expectAgreement(report: SynchronizerReport, slaves: number): void {
  expect(report.verification).toEqual({ passed: true, problems: [] });
  expect(report.identical).toBe(true);
  expect(report.results).toHaveLength(slaves);
  for (const result of report.results) expect(result.list).toEqual(report.list);
  expect(report.list.map((e) => e.writer).sort((a, b) => a - b)).toEqual([...Array(slaves).keys()]);
  expect(report.list.map((e) => e.writer)).toEqual(report.order);
  for (const entry of report.list) expect(entry.value).toSatisfy((v: number) => Number.isInteger(v) && v >= 0 && v <= 1000);
}

describe.each([
  ['inline', () => new InlineRuntime()],
  ['local', () => new LocalRuntime()],
] as const)('the synchronizer on the %s runtime', (_name, makeRuntime) => {
  test.for([1, 2, 3, 7, 10, 17, 60])('gives %i slaves identical lists with every slave writing once', async (slaves, { runId }) => {
    const report = await run(makeRuntime(), runId(`s${slaves}`), slaves);
    expectAgreement(report, slaves);
    // N joins, a start, N grants and N values (each to one queue), N relays and a done (bus messages
    // reach N+1 queues).
    expect(report.messages.published).toBe(4 * slaves + 2);
    expect(report.messages.delivered).toBe(slaves * slaves + 6 * slaves + 2);
  });
});

describe('the synchronizer on the isolate runtime', () => {
  test.for([3, 10, 40])('gives %i slaves identical lists, a thread each, and leaves no thread running', async (slaves, { runId }) => {
    const runtime = new IsolateRuntime();
    expectAgreement(await run(runtime, runId(`i${slaves}`), slaves), slaves);
    expect(runtime.running()).toBe(0);
  });
});

describe('the synchronizer at scale and under repetition', () => {
  // Generous: 300 connections on a shared 2-core machine with the broker; the bench measures speed.
  test('agrees with 300 slaves on the inline runtime', { timeout: 600_000 }, async ({ runId }) => {
    expectAgreement(await run(new InlineRuntime(), runId('s300'), 300), 300);
  });

  test('reproduces the list and grant order from the same seed, and differs with another', async ({ runId }) => {
    const [a, b, c] = [
      await run(new InlineRuntime(), runId('seed-a'), 12, 4242),
      await run(new InlineRuntime(), runId('seed-b'), 12, 4242),
      await run(new InlineRuntime(), runId('seed-c'), 12, 17),
    ];
    expect(b.list).toEqual(a.list);
    expect(b.order).toEqual(a.order);
    expect(c.list).not.toEqual(a.list);
  });

  test('keeps two concurrent runs isolated', async ({ runId }) => {
    const [a, b] = await Promise.all([run(new InlineRuntime(), runId('iso-a'), 15, 1), run(new LocalRuntime(), runId('iso-b'), 9, 2)]);
    expectAgreement(a, 15);
    expectAgreement(b, 9);
    expect(a.messages.rejected + b.messages.rejected).toBe(0);
  });
});
