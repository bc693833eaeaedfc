import { afterAll, describe, expect } from 'vitest';
import { noFaults, runExercise } from '../../src/emulator/index.js';
import { findAlgorithm } from '../../src/exercises/index.js';
import { LocalRuntime } from '../../src/orchestrator/index.js';
import { amqpUrl } from '../support/broker.js';
import { disposeFixtures, runFixture, runRegistered } from '../support/exercise-run.js';
import { test } from '../support/fixtures.js';

describe('exercise engine on RabbitMQ (a connection and a queue per device)', () => {
  test('PingPong, 3 devices, sync: 30 messages in 10 rounds, and nothing left on the broker', async ({ runId: id }) => {
    const runId = id('pp');
    const { report } = await runRegistered(0, 'PingPong', { transport: 'amqp', devices: 3, runId });
    expect(report.messages.total).toBe(30);
    expect(report.rounds).toBe(10);
    expect(report.check.passed).toBe(true);
  });

  test.for(['sync', 'async'] as const)('Gossip passes its checker for 3 to 30 devices (%s)', async (mode, { runId: id }) => {
    for (let devices = 3; devices <= 30; devices++) {
      const { report } = await runRegistered(1, 'Gossip', { transport: 'amqp', mode, devices, seed: devices, runId: id(`g${devices}`) });
      expect(report.check, `${devices} devices ${mode}`).toMatchObject({ passed: true });
      expect(report.messages.total).toBe(devices * (devices - 1));
    }
  });

  test('GossipRing and ImprovedGossip pass in async on the broker', async ({ runId: id }) => {
    const ring = await runRegistered(1, 'GossipRing', { transport: 'amqp', mode: 'async', devices: 6, runId: id('ring') });
    expect(ring.report.check.passed).toBe(true);
    const improved = await runRegistered(1, 'ImprovedGossip', { transport: 'amqp', mode: 'sync', devices: 9, runId: id('imp') });
    expect(improved.report.check.passed).toBe(true);
    expect(improved.report.messages.total).toBe(16);
  });

  test('faults hold on the broker: drops are never delivered, a crashed device goes silent at its round', async ({ runId: id }) => {
    const { trace, crashed, report } = await runRegistered(0, 'PingPong', {
      transport: 'amqp',
      devices: 4,
      seed: 9,
      faults: { drop: 0.3, crashes: [{ device: 2, at: 5 }] },
      runId: id('flt'),
    });
    const events = trace.events();
    const count = (kind: string): number => events.filter((e) => e.kind === kind).length;
    expect(count('drop')).toBeGreaterThan(0);
    expect(count('deliver') + count('drop')).toBe(count('send'));
    const crash = events.find((e) => e.kind === 'crash');
    expect(crash).toMatchObject({ src: 2, round: 5 });
    expect(
      events.filter((e) => e.seq > (crash?.seq ?? 0) && ((e.kind === 'send' && e.src === 2) || (e.kind === 'deliver' && e.dst === 2))),
    ).toEqual([]);
    expect(events.filter((e) => e.kind === 'send' && e.src === 2)).toHaveLength(5);
    expect(crashed).toEqual([false, false, true, false]);
    expect(report.rounds).toBe(10);
    // Every send of round r was delivered (or dropped) at the end of round r, never earlier.
    for (const event of events.filter((e) => e.kind === 'deliver')) {
      const sent = events.find(
        (e) => e.kind === 'send' && e.src === event.src && e.dst === event.dst && e.round === event.round && e.seq < event.seq,
      );
      expect(sent).toBeDefined();
      const roundEnd = events.find((e) => e.kind === 'round' && e.round === event.round);
      expect(roundEnd && roundEnd.seq > event.seq).toBe(true);
    }
  });

  test.for([
    { lecture: 1, name: 'Gossip', devices: 8, faults: {} },
    { lecture: 5, name: 'ReliableMulticast', devices: 5, faults: { drop: 0.2, duplicate: 0.2, crashes: [{ device: 1, at: 2, sends: 2 }] } },
    { lecture: 6, name: 'Paxos', devices: 9, faults: { drop: 0.1 } },
  ])(
    'a seeded sync run of $name writes the same trace on the broker as in memory, byte for byte, faults included',
    async ({ lecture, name, devices, faults }, { runId: id }) => {
      // The broker interleaves the devices' messages as it pleases; the network puts each round back in order.
      const spec = { mode: 'sync', devices, seed: 5, faults } as const;
      const memory = await runRegistered(lecture, name, { ...spec, transport: 'memory' });
      const amqp = await runRegistered(lecture, name, { ...spec, transport: 'amqp', runId: id(name.slice(0, 6)) });
      expect(amqp.report.check).toEqual(memory.report.check);
      expect(amqp.trace.lines()).toEqual(memory.trace.lines());
      expect(amqp.report.traceHash).toBe(memory.report.traceHash);
    },
  );

  test('runs devices as local function processes too', async ({ runId: id }) => {
    const runtime = new LocalRuntime();
    const runId = id('loc');
    try {
      const outcome = await runExercise({
        algorithm: findAlgorithm(1, 'ImprovedGossip'),
        source: { kind: 'registry', lecture: 1, name: 'ImprovedGossip' },
        mode: 'async',
        devices: 4,
        transport: 'amqp',
        seed: 1,
        faults: noFaults,
        timeoutMs: 30_000,
        amqpUrl: amqpUrl(),
        runtime,
        runId,
      });
      expect(outcome.report.check.passed).toBe(true);
    } finally {
      await runtime.close();
    }
  });

  test('a partitioned run stops at quiescence on the broker too, and fails its check', async ({ runId: id }) => {
    const { report } = await runRegistered(1, 'Gossip', {
      transport: 'amqp',
      mode: 'async',
      devices: 4,
      faults: {
        partition: [
          [0, 1],
          [2, 3],
        ],
      },
      runId: id('qui'),
    });
    expect(report).toMatchObject({ ended: 'quiescent', waiting: [0, 1, 2, 3], check: { passed: false } });
  });

  test('thirty devices that wait for ever stop at quiescence in async, though each tick wakes them', async ({ runId: id }) => {
    const { report } = await runFixture('WaitsForever', {
      transport: 'amqp',
      mode: 'async',
      devices: 30,
      runId: id('wf30'),
      // A bound for a loaded machine, not a measure: alone this takes a second or two.
      timeoutMs: 90_000,
    });
    expect(report).toMatchObject({ ended: 'quiescent', waiting: [...Array(30).keys()] });
  });

  test('a run that never ends times out and still removes everything it made', async ({ runId: id }) => {
    await expect(runFixture('Chatter', { transport: 'amqp', mode: 'sync', devices: 3, timeoutMs: 1500, runId: id('tmo') })).rejects.toThrow(
      /did not finish within 1500 ms/,
    );
  });
});

afterAll(disposeFixtures);
