import { afterEach, describe, expect, it } from 'vitest';
import { InlineRuntime, LocalRuntime, runSynchronizer, type FunctionRuntime, type SynchronizerReport } from '../src/orchestrator/index.js';
import { amqpUrl, leftovers, processesMentioning } from './support/broker.js';
import { testRunId } from './support/cli.js';

const runIds: string[] = [];

async function run(runtime: FunctionRuntime, slaves: number, seed?: number): Promise<SynchronizerReport> {
  const runId = testRunId(`s${slaves}`);
  runIds.push(runId);
  try {
    return await runSynchronizer({ amqpUrl: amqpUrl(), slaves, runtime, seed, runId, leaseMs: 10_000, timeoutMs: 120_000 });
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

afterEach(async () => {
  for (const runId of runIds.splice(0)) {
    expect(await leftovers(`fnsync.${runId}.`)).toEqual({ queues: [], exchanges: [], connections: [] });
    expect(await processesMentioning(runId)).toEqual([]);
  }
});

describe.each([
  ['inline', () => new InlineRuntime()],
  ['local', () => new LocalRuntime()],
] as const)('the synchronizer on the %s runtime', (_name, makeRuntime) => {
  it.each([1, 2, 3, 7, 10, 17, 60])('gives %i slaves identical lists with every slave writing once', async (slaves) => {
    const report = await run(makeRuntime(), slaves);
    expectAgreement(report, slaves);
    // Deliveries: every bus message reaches N+1 queues, every request and join one queue.
    const requests = (slaves * (slaves + 1)) / 2;
    expect(report.messages.published).toBe(slaves + requests + 2 * slaves + 2);
    expect(report.messages.delivered).toBe((2 * slaves + 2) * (slaves + 1) + slaves + requests);
  });
});

describe('the synchronizer at scale and under repetition', () => {
  it('agrees with 300 slaves on the inline runtime', async () => {
    expectAgreement(await run(new InlineRuntime(), 300), 300);
  });

  it('reproduces the list and grant order from the same seed, and differs with another', async () => {
    const [a, b, c] = [
      await run(new InlineRuntime(), 12, 4242),
      await run(new InlineRuntime(), 12, 4242),
      await run(new InlineRuntime(), 12, 17),
    ];
    expect(b.list).toEqual(a.list);
    expect(b.order).toEqual(a.order);
    expect(c.list).not.toEqual(a.list);
  });

  it('keeps two concurrent runs isolated', async () => {
    const [a, b] = await Promise.all([run(new InlineRuntime(), 15, 1), run(new LocalRuntime(), 9, 2)]);
    expectAgreement(a, 15);
    expectAgreement(b, 9);
    expect(a.messages.rejected + b.messages.rejected).toBe(0);
  });
});
