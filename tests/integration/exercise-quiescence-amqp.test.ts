import { afterAll, describe, expect } from 'vitest';
import { disposeFixtures, runFixture } from '../support/exercise-run.js';
import { test } from '../support/fixtures.js';

afterAll(disposeFixtures);

describe('quiescence on RabbitMQ in async', () => {
  test('30 devices that wait for ever end at quiescence, every one of them stopped', async ({ runId }) => {
    // With many devices some device is always between a tick's `go` and its next `wait`: one that a
    // tick woke with nothing new counts as waiting, and one stopped is never woken again.
    const { report } = await runFixture('WaitsForever', {
      transport: 'amqp',
      mode: 'async',
      devices: 30,
      timeoutMs: 30_000,
      runId: runId('quiet30'),
    });
    expect(report.ended).toBe('quiescent');
    expect(report.waiting).toHaveLength(30);
  });
});
