import { afterAll, describe, expect } from 'vitest';
import { disposeFixtures, fixtureFile, runFixture, runRegistered } from '../support/exercise-run.js';
import { test } from '../support/fixtures.js';

afterAll(disposeFixtures);

const CATALOGUE = [
  [2, 'RipCommunication'],
  [4, 'Centralised'],
  [4, 'TokenRing'],
  [4, 'RicartAgrawala'],
  [4, 'Maekawa'],
  [4, 'SuzukiKasami'],
  [4, 'HeartbeatTokenRing'],
  [7, 'ChangRoberts'],
  [7, 'Bully'],
] as const;

describe('lectures 2, 4 and 7 on RabbitMQ (a connection and a queue per device)', () => {
  test.for(CATALOGUE)('%i %s passes its checker for 2 seeds x sync/async x 3, 5, 10 devices', async ([lecture, name], { runId: id }) => {
    for (const mode of ['sync', 'async'] as const) {
      for (const devices of [3, 5, 10]) {
        for (const seed of [devices, devices + 100]) {
          const { report } = await runRegistered(lecture, name, {
            transport: 'amqp',
            mode,
            devices,
            seed,
            runId: id(`${name.slice(0, 4)}${devices}`),
          });
          const what = `${name} ${mode} ${devices} devices seed ${seed}`;
          expect(report.check, what).toMatchObject({ passed: true });
          expect(report.ended, what).toBe('finished');
        }
      }
    }
  });

  test("ChangRoberts keeps the seed's counts on the broker, and the same seed gives the memory run's counts", async ({ runId: id }) => {
    const amqp = await runRegistered(7, 'ChangRoberts', { transport: 'amqp', devices: 5, runId: id('cr') });
    expect([amqp.report.messages.total, amqp.report.rounds]).toEqual([14, 10]);
    const memory = await runRegistered(4, 'RicartAgrawala', { devices: 5, seed: 3 });
    const broker = await runRegistered(4, 'RicartAgrawala', { transport: 'amqp', devices: 5, seed: 3, runId: id('ra') });
    expect(broker.report.messages).toEqual(memory.report.messages);
    expect(broker.report.rounds).toBe(memory.report.rounds);
  });

  test('crashes on the broker: the next highest is elected, and the heartbeat ring regenerates its token and lets a device join', async ({
    runId: id,
  }) => {
    for (const name of ['ChangRoberts', 'Bully']) {
      const { report } = await runRegistered(7, name, {
        transport: 'amqp',
        devices: 5,
        faults: { crashes: [{ device: 4, at: 0 }] },
        runId: id(name),
      });
      expect(report.check, name).toMatchObject({ passed: true });
      expect(report.results.filter((_, device) => device !== 4)).toEqual([0, 1, 2, 3].map(() => ({ leader: 3 })));
    }
    const ring = await runRegistered(4, 'HeartbeatTokenRing', {
      transport: 'amqp',
      devices: 5,
      seed: 3,
      options: { join: '4', joinAt: '6' },
      faults: { crashes: [{ device: 1, at: 2 }] },
      runId: id('hb'),
    });
    expect(ring.report.check).toMatchObject({ passed: true });
    const events = ring.trace.events();
    expect(events.some((e) => e.kind === 'mark' && e.type === 'suspects' && e.msg?.device === 1)).toBe(true);
    expect(events.some((e) => e.kind === 'deliver' && e.type === 'token' && e.dst === 4)).toBe(true);
  });

  test('a broken variant fails its checker on the broker, and leaves nothing behind either', async ({ runId: id }) => {
    for (const mode of ['sync', 'async'] as const) {
      const { report } = await runFixture(
        'Centralised',
        { transport: 'amqp', mode, devices: 5, runId: id(`eager-${mode}`) },
        { lecture: 4, name: 'Centralised' },
        fixtureFile('broken-mutex.js'),
      );
      expect(report.check.passed).toBe(false);
      expect(report.check.details).toMatch(/^devices \d and \d were inside the critical section at once/);
    }
  });
});
