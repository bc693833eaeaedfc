import { afterAll, describe, expect } from 'vitest';
import { disposeFixtures, runFixture } from './exercise-run.js';
import { test } from './fixtures.js';

/**
 * The Device/Medium semantics, the same on both transports: memory runs it in the unit tier,
 * amqp in the integration tier.
 */
export function deviceContract(transport: 'memory' | 'amqp'): void {
  describe(`Device and Medium on ${transport}`, () => {
    afterAll(disposeFixtures);

    test('knows its index, the device count and the ids', async ({ runId }) => {
      const { report } = await runFixture('Visibility', { transport, devices: 3, runId: runId('ids') });
      expect(report.results).toEqual([
        expect.objectContaining({ index: 0, n: 3, ids: [0, 1, 2] }),
        expect.objectContaining({ index: 1, n: 3, ids: [0, 1, 2] }),
        expect.objectContaining({ index: 2, n: 3, ids: [0, 1, 2] }),
      ]);
    });

    test('sync: a message sent in round r is unreadable in r, readable from r+1, copied on send, read once', async ({ runId }) => {
      const { report } = await runFixture('Visibility', { transport, devices: 2, runId: runId('sync') });
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

    test('async: a message is readable as soon as it is delivered; waitForNextRound only yields', async ({ runId }) => {
      const { report } = await runFixture('AsyncArrival', { transport, mode: 'async', devices: 2, runId: runId('async') });
      expect(report.results[1]).toEqual({ got: { type: 'hello', source: 0, destination: 1, payload: { list: [7] } } });
    });

    test('sync: calling waitForNextRound twice in a round is an error naming the device', async ({ runId }) => {
      await expect(runFixture('DoubleWait', { transport, devices: 2, runId: runId('dbl') })).rejects.toThrow(
        /device 0 .*waitForNextRound\(\) again/,
      );
    });

    test('refuses a message that is not plain JSON with the same one line on every transport', async ({ runId }) => {
      await expect(runFixture('SendsNonJson', { transport, devices: 2, runId: runId('set'), options: { bad: '1' } })).rejects.toThrow(
        /^device 0 failed: device 0 sent a message that is not plain JSON: secrets is a Set, not a plain object or array \(it would not survive the trip; send an array\)/,
      );
    });

    test('refuses a message whose source is not the sender', async ({ runId }) => {
      await expect(runFixture('ForgedSource', { transport, devices: 2, runId: runId('forge') })).rejects.toThrow(/device 1 .*source 0/);
    });
  });
}
