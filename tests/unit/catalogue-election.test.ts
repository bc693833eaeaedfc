import { afterAll, describe, expect, it } from 'vitest';
import { algorithms, findAlgorithm, parseAlgorithmOptions } from '../../src/exercises/index.js';
import { disposeFixtures, fixtureFile, runFixture, runRegistered } from '../support/exercise-run.js';

afterAll(disposeFixtures);

const SIZES = [3, 5, 10] as const;
const MODES = ['sync', 'async'] as const;
const BROKEN = fixtureFile('broken-election.js');

describe('elections (lecture 7, and lecture 4 as in the seed)', () => {
  it.each(['ChangRoberts', 'Bully'])('%s passes its checker over 20 seeds x sync/async x 3, 5, 10 devices', async (name) => {
    for (const mode of MODES) {
      for (const devices of SIZES) {
        for (let seed = 1; seed <= 20; seed++) {
          const { report } = await runRegistered(7, name, { devices, mode, seed });
          const what = `${name} ${mode} ${devices} devices seed ${seed}`;
          expect(report.check, what).toMatchObject({ passed: true });
          expect(report.ended, what).toBe('finished');
          expect(report.results, what).toEqual(Array.from({ length: devices }, () => ({ leader: devices - 1 })));
        }
      }
    }
  });

  it("ChangRoberts in sync matches the seed's counts exactly: 3n-1 messages in 2n rounds", async () => {
    // Measured by running the seed's exercise4.ChangRoberts in its SyncEmulator: (8, 6), (14, 10), (29, 20).
    for (const [devices, messages, rounds] of [
      [3, 8, 6],
      [5, 14, 10],
      [10, 29, 20],
    ] as const) {
      const { report } = await runRegistered(7, 'ChangRoberts', { devices, seed: devices });
      expect([report.messages.total, report.rounds]).toEqual([messages, rounds]);
      expect(report.messages.perType).toEqual({ vote: messages });
    }
  });

  it('are registered in lecture 4 too (the seed has them in exercise4.py), with the same checker', async () => {
    expect(algorithms.filter((a) => ['ChangRoberts', 'Bully'].includes(a.name)).map((a) => [a.lecture, a.name])).toEqual([
      [4, 'ChangRoberts'],
      [4, 'Bully'],
      [7, 'ChangRoberts'],
      [7, 'Bully'],
    ]);
    const { report } = await runRegistered(4, 'ChangRoberts', { devices: 5 });
    expect(report).toMatchObject({ lecture: 4, messages: { total: 14 }, rounds: 10, check: { passed: true } });
  });

  // Crashes of the highest device before it could win: at once, or while the election is under
  // way (with every device initiating, Bully's highest wins in round 0, so later is after).
  const during: Record<'ChangRoberts' | 'Bully', { at: number; options: Record<string, string> }[]> = {
    ChangRoberts: [
      { at: 0, options: {} },
      { at: 2, options: {} },
      { at: 0, options: { initiators: '0' } },
      { at: 3, options: { initiators: '1' } },
    ],
    Bully: [
      { at: 0, options: {} },
      { at: 0, options: { initiators: '0' } },
      { at: 1, options: { initiators: '0' } },
      { at: 1, options: { initiators: '1' } },
    ],
  };
  it.each(['ChangRoberts', 'Bully'] as const)(
    '%s: a crash of the highest device before or during the election: the next highest wins and the run ends',
    async (name) => {
      for (const mode of MODES) {
        for (const devices of SIZES) {
          for (const { at, options } of during[name]) {
            const highest = devices - 1;
            const { report } = await runRegistered(7, name, {
              devices,
              mode,
              seed: at + devices,
              options,
              faults: { crashes: [{ device: highest, at }] },
            });
            const what = `${name} ${mode} ${devices} devices, ${highest} crashed at ${at}, ${JSON.stringify(options)}`;
            expect(report.check, what).toMatchObject({ passed: true });
            expect(report.ended, what).toBe('finished');
            // In async a crash is timed in ms, and the highest may have won just before it.
            const live = report.results.filter((_, device) => device !== highest);
            if (mode === 'sync') expect(live, what).toEqual(live.map(() => ({ leader: highest - 1 })));
          }
        }
      }
    },
  );

  it('a leader that crashes after it won stays the leader its followers know; the details say so', async () => {
    // 5 devices in sync: device 4 wins in round 5 and crashes in round 8, during its announcement.
    const { report } = await runRegistered(7, 'ChangRoberts', { devices: 5, faults: { crashes: [{ device: 4, at: 8 }] } });
    expect(report.check.passed).toBe(true);
    expect(report.check.details).toMatch(/know leader 4, the highest live id; it crashed after it won/);
  });

  it("the checker fails an election of the lowest id, one that never recovers from a crash, and the seed's Bully", async () => {
    for (const mode of MODES) {
      const lowest = await runFixture('LowestWins', { devices: 5, mode }, { lecture: 7, name: 'ChangRoberts' }, BROKEN);
      expect(lowest.report.check).toMatchObject({
        passed: false,
        details: expect.stringMatching(/^leader 0 is not the highest live id, 4/) as unknown,
      });
      const stuck = await runFixture(
        'NoRecovery',
        { devices: 5, mode, faults: { crashes: [{ device: 4, at: 0 }] } },
        { lecture: 7, name: 'ChangRoberts' },
        BROKEN,
      );
      expect(stuck.report.ended).toBe('quiescent');
      expect(stuck.report.check.details).toMatch(/^device 0 knows no leader; .*the run did not end by itself/);
    }
    // The seed's exercise-4 Bully, ported as it is: device 0 proclaims itself after one quiet round.
    const seed = await runFixture('SeedBully', { devices: 5, seed: 1 }, { lecture: 7, name: 'Bully' }, BROKEN);
    expect(seed.report.check.passed).toBe(false);
    expect(seed.report.check.details).toMatch(/^2 leaders: 0 follow 0; 1, 2, 3, 4 follow 4/);
    expect(seed.report.rounds).toBe(3);
  });

  it('refuses initiators that do not exist, naming the option', () => {
    expect(() => parseAlgorithmOptions(findAlgorithm(7, 'Bully'), { initiators: '0,9' }, 5)).toThrow(
      '--option initiators: device 9 does not exist (devices are 0-4)',
    );
    expect(() => parseAlgorithmOptions(findAlgorithm(7, 'ChangRoberts'), { timeout: '-1' }, 5)).toThrow('--option timeout:');
  });
});
