import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect } from 'vitest';
import { disposeFixtures, runFile, runRegistered } from '../support/exercise-run.js';
import { test } from '../support/fixtures.js';

afterAll(disposeFixtures);

const modes = ['sync', 'async'] as const;

/** The seed course's device count and a larger one; a few seeds; small proof of work, fewer keys. */
const systems = [
  { lecture: 8, name: 'GfsNetwork', tag: 'gfs', counts: [7, 12], options: {} },
  { lecture: 9, name: 'MapReduceNetwork', tag: 'mr', counts: [6, 12], options: { files: '3' } },
  { lecture: 10, name: 'BlockchainNetwork', tag: 'bc', counts: [4, 9], options: { length: '6', difficulty: '3' } },
  { lecture: 11, name: 'ChordNetwork', tag: 'ch', counts: [8, 20], options: { keys: '16' } },
  { lecture: 12, name: 'AodvNode', tag: 'ao', counts: [10, 30], options: {} },
] as const;

describe('lectures 8-12 on RabbitMQ (a connection and a queue per device)', () => {
  test.for(systems)(
    '$name passes its checker in sync and async: 2 seeds at the seed course count, 1 at a larger one; nothing left on the broker',
    async (system, { runId }) => {
      const [seedCount, larger] = system.counts;
      const runs = [
        [seedCount, 1],
        [seedCount, 2],
        [larger, 1],
      ] as const;
      for (const [devices, seed] of runs) {
        for (const mode of modes) {
          const { report } = await runRegistered(system.lecture, system.name, {
            transport: 'amqp',
            devices,
            mode,
            seed,
            options: system.options,
            timeoutMs: 60_000,
            runId: runId(`${system.tag}${devices}${mode[0]}${seed}`),
          });
          expect(report.check, `${system.name} ${devices} devices ${mode} seed ${seed}`).toMatchObject({ passed: true });
        }
      }
    },
  );

  test('GfsNetwork fails over a chunkserver that crashes mid-run, on the broker', async ({ runId }) => {
    const { report, trace } = await runRegistered(8, 'GfsNetwork', {
      transport: 'amqp',
      devices: 7,
      seed: 1,
      faults: { crashes: [{ device: 2, at: 8 }] },
      runId: runId('gfscrash'),
    });
    expect(report.check).toMatchObject({
      passed: true,
      details: expect.stringMatching(/chunkserver 2 taken for dead and failed over/) as unknown,
    });
    expect(trace.events().filter((e) => e.kind === 'send' && e.type === 'ChunkLocations').length).toBeGreaterThan(0);
  });

  test('a broken system from a user file fails its checker on the broker too', async ({ runId }) => {
    const { report } = await runFile(fileURLToPath(new URL('../fixtures/broken-blockchain.js', import.meta.url)), 10, 'BlockchainNetwork', {
      transport: 'amqp',
      devices: 4,
      options: { length: '5', difficulty: '2' },
      runId: runId('bcbroken'),
    });
    expect(report.check).toMatchObject({
      passed: false,
      details: expect.stringMatching(/miners 0 and 2 end on different chains/) as unknown,
    });
  });
});
