import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect } from 'vitest';
import { findAlgorithm, type CheckContext } from '../../src/exercises/index.js';
import { disposeFixtures, runFile, runRegistered } from '../support/exercise-run.js';
import { test } from '../support/fixtures.js';

const BROKEN = fileURLToPath(new URL('../fixtures/broken-consensus.js', import.meta.url));
const MODES = ['sync', 'async'] as const;
const SIZES = [
  [3, 1],
  [5, 2],
  [10, 3],
] as const;

afterAll(disposeFixtures);

describe('lectures 5 and 6 on RabbitMQ (a connection and a queue per device)', () => {
  test.for(['BasicMulticast', 'ReliableMulticast', 'ReliableIPMulticast', 'TOSEQMulticast', 'ISISMulticast', 'COMulticast'])(
    '%s passes its checker with 3, 5 and 10 devices, sync and async',
    async (name, { runId }) => {
      for (const mode of MODES) {
        for (const [devices, seed] of SIZES) {
          const { report } = await runRegistered(5, name, { transport: 'amqp', mode, devices, seed, runId: runId(`m${devices}`) });
          expect(report.check, `${mode}, ${devices} devices`).toMatchObject({ passed: true });
        }
      }
    },
  );

  // On the broker a round's messages may come a few ticks late in async: the round-based three get patience.
  test.for(['FResilientConsensus', 'SingleByzantine', 'King'])(
    '%s passes its checker with 3, 5 and 10 devices, sync and async',
    async (name, { runId }) => {
      for (const mode of MODES) {
        for (const [devices, seed] of SIZES) {
          const options: Record<string, string> = mode === 'async' ? { patience: '100' } : {};
          const { report } = await runRegistered(6, name, { transport: 'amqp', mode, devices, seed, options, runId: runId(`c${devices}`) });
          expect(report.check, `${mode}, ${devices} devices`).toMatchObject({ passed: true });
        }
      }
    },
  );

  test('Paxos decides with 25 devices in async, also with 12 of them crashed', async ({ runId }) => {
    const whole = await runRegistered(6, 'Paxos', { transport: 'amqp', mode: 'async', devices: 25, seed: 1, runId: runId('px') });
    expect(whole.report).toMatchObject({ ended: 'quiescent', check: { passed: true } });
    const crashes = Array.from({ length: 12 }, (_, i) => ({ device: 13 + i, at: 5 * i }));
    const crashed = await runRegistered(6, 'Paxos', {
      transport: 'amqp',
      mode: 'async',
      devices: 25,
      seed: 2,
      faults: { crashes },
      runId: runId('pxc'),
    });
    expect(crashed.report.check).toMatchObject({ passed: true });
    expect(crashed.crashed.filter(Boolean)).toHaveLength(12);
  });

  test('reliable multicasts survive drops, duplicates and a crash in the middle of a multicast; B-multicast does not', async ({
    runId,
  }) => {
    const faults = { drop: 0.2, duplicate: 0.1, crashes: [{ device: 1, at: 2, sends: 2 }] };
    for (const name of ['ReliableMulticast', 'ReliableIPMulticast']) {
      for (const mode of MODES) {
        const { report, crashed } = await runRegistered(5, name, {
          transport: 'amqp',
          mode,
          devices: 5,
          seed: 4,
          faults,
          runId: runId('r'),
        });
        expect(report.check, `${name} ${mode}`).toMatchObject({ passed: true });
        expect(crashed).toEqual([false, true, false, false, false]);
      }
    }
    const basic = await runRegistered(5, 'BasicMulticast', {
      transport: 'amqp',
      devices: 5,
      seed: 1,
      faults: { crashes: [{ device: 1, at: 2, sends: 2 }] },
      runId: runId('b'),
    });
    const context: CheckContext = {
      devices: 5,
      options: basic.report.options,
      crashed: basic.crashed,
      quiescent: basic.report.ended === 'quiescent',
    };
    const asReliable = findAlgorithm(5, 'ReliableMulticast').check?.(basic.report.results, basic.trace.events(), context);
    expect(asReliable?.details).toMatch(/^agreement: device 0 delivered \(1,\d\), device 2 never did/);
  });

  test("Byzantine devices and crashes in the middle of a round work on the broker: King, OM(1), the seed's FResilientConsensus", async ({
    runId,
  }) => {
    const king = await runRegistered(6, 'King', { transport: 'amqp', devices: 5, seed: 5, options: { byzantine: '1' }, runId: runId('k') });
    expect(king.report.check).toMatchObject({ passed: true, details: expect.stringMatching(/, 1 Byzantine;/) as unknown });
    const tooFew = await runRegistered(6, 'King', {
      transport: 'amqp',
      devices: 4,
      seed: 1,
      options: { f: '1', byzantine: '1' },
      runId: runId('k4'),
    });
    expect(tooFew.report.check.details).toMatch(/\(n = 4 <= 4f = 4: beyond what King tolerates\)$/);
    const om = await runRegistered(6, 'SingleByzantine', {
      transport: 'amqp',
      devices: 4,
      seed: 5,
      options: { byzantine: '0' },
      runId: runId('om'),
    });
    expect(om.report.check.passed).toBe(true);
    // Seed 1: device 3 proposes the smallest value, and crashes in round 0 after telling device 0 only.
    const spec = { transport: 'amqp', devices: 5, seed: 1, faults: { crashes: [{ device: 3, at: 0, sends: 1 }] } } as const;
    const fixed = await runRegistered(6, 'FResilientConsensus', { ...spec, runId: runId('f') });
    expect(fixed.report.check).toMatchObject({
      passed: true,
      details: 'all 4 correct devices decided 28 by round 6, 1 crashed; agreement, validity and termination held',
    });
    const broken = await runFile(BROKEN, 6, 'FResilientConsensus', { ...spec, runId: runId('fb') });
    expect(broken.report.check.details).toBe('agreement: device 0 decided 28, device 1 decided 55');
  });
});
