import { afterAll, describe, expect, it } from 'vitest';
import { leftovers } from './support/broker.js';
import { disposeFixtures, runFixture, testRunId } from './support/exercise-run.js';

const runIds: string[] = [];

/** The Device/Medium semantics, the same on both transports. */
describe.each(['memory', 'amqp'] as const)('Device and Medium on %s', (transport) => {
  const id = (tag: string): string => {
    const runId = testRunId(tag);
    if (transport === 'amqp') runIds.push(runId);
    return runId;
  };

  it('knows its index, the device count and the ids', async () => {
    const { report } = await runFixture('Visibility', { transport, devices: 3, runId: id('ids') });
    expect(report.results).toEqual([
      expect.objectContaining({ index: 0, n: 3, ids: [0, 1, 2] }),
      expect.objectContaining({ index: 1, n: 3, ids: [0, 1, 2] }),
      expect.objectContaining({ index: 2, n: 3, ids: [0, 1, 2] }),
    ]);
  });

  it('sync: a message sent in round r is unreadable in r, readable from r+1, copied on send, read once', async () => {
    const { report } = await runFixture('Visibility', { transport, devices: 2, runId: id('sync') });
    const [sender, receiver] = report.results as Record<string, unknown>[];
    expect(sender?.r0).toBeNull();
    expect(receiver?.r0).toEqual([]);
    // m1 (round 0) arrives in round 1 without the mutation its sender made after send; m2 (round 1) is not there yet.
    expect(receiver?.r1).toEqual({ type: 'm1', source: 0, destination: 1, payload: { list: [1] } });
    expect(receiver?.r1again).toBeNull();
    expect(receiver?.r2).toEqual([{ type: 'm2', source: 0, destination: 1, payload: { list: [2] } }]);
    expect(receiver?.r2empty).toEqual([]);
    expect(report.rounds).toBe(2);
    expect(report.messages.total).toBe(2);
  });

  it('async: a message is readable as soon as it is delivered; waitForNextRound only yields', async () => {
    const { report } = await runFixture('AsyncArrival', { transport, mode: 'async', devices: 2, runId: id('async') });
    expect(report.results[1]).toEqual({ got: { type: 'hello', source: 0, destination: 1, payload: { list: [7] } } });
  });

  it('sync: calling waitForNextRound twice in a round is an error naming the device', async () => {
    await expect(runFixture('DoubleWait', { transport, devices: 2, runId: id('dbl') })).rejects.toThrow(
      /device 0 .*waitForNextRound\(\) again/,
    );
  });

  it('refuses a message whose source is not the sender', async () => {
    await expect(runFixture('ForgedSource', { transport, devices: 2, runId: id('forge') })).rejects.toThrow(/device 1 .*source 0/);
  });
});

afterAll(async () => {
  await disposeFixtures();
  for (const runId of runIds) expect(await leftovers(`fnsync.${runId}.`)).toEqual({ queues: [], exchanges: [], connections: [] });
});
