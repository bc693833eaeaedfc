import { afterAll, describe, expect, it } from 'vitest';
import { meaningOf, scriptedSource } from '../../src/emulator/index.js';
import { checkGossip, type TraceEvent } from '../../src/exercises/index.js';
import { disposeFixtures, runFixture, runRegistered } from '../support/exercise-run.js';

const kinds = (trace: readonly TraceEvent[], kind: TraceEvent['kind']): TraceEvent[] => trace.filter((e) => e.kind === kind);

describe('exercise engine on memory', () => {
  it('PingPong, 3 devices, sync: 30 messages in 10 rounds, checker passes', async () => {
    const { report } = await runRegistered(0, 'PingPong', { devices: 3 });
    expect(report.messages.total).toBe(30);
    expect(report.messages.perDevice).toBe(10);
    expect(report.rounds).toBe(10);
    expect(report.check.passed).toBe(true);
  });

  it.each(['sync', 'async'] as const)(
    'Gossip, GossipRing and ImprovedGossip pass their checkers for 3 to 30 devices (%s)',
    async (mode) => {
      for (let devices = 3; devices <= 30; devices++) {
        for (const name of ['Gossip', 'GossipRing', 'ImprovedGossip']) {
          const { report } = await runRegistered(1, name, { devices, mode, seed: devices });
          expect(report.check, `${name} ${devices} ${mode}`).toMatchObject({ passed: true });
          if (name === 'Gossip') expect(report.messages.total).toBe(devices * (devices - 1));
          if (name === 'ImprovedGossip') expect(report.messages.total).toBe(2 * devices - 2);
        }
      }
    },
  );

  it('is deterministic: the same seed gives a byte-identical trace, another seed a different one', async () => {
    const first = await runRegistered(0, 'PingPong', {
      devices: 5,
      mode: 'async',
      seed: 7,
      faults: { drop: 0.1, duplicate: 0.1, delay: { min: 0, max: 3 } },
    });
    const again = await runRegistered(0, 'PingPong', {
      devices: 5,
      mode: 'async',
      seed: 7,
      faults: { drop: 0.1, duplicate: 0.1, delay: { min: 0, max: 3 } },
    });
    const other = await runRegistered(0, 'PingPong', {
      devices: 5,
      mode: 'async',
      seed: 8,
      faults: { drop: 0.1, duplicate: 0.1, delay: { min: 0, max: 3 } },
    });
    expect(again.trace.text()).toBe(first.trace.text());
    expect(again.report.traceHash).toBe(first.report.traceHash);
    expect(other.report.traceHash).not.toBe(first.report.traceHash);
    const syncA = await runRegistered(1, 'Gossip', { devices: 6, seed: 3 });
    const syncB = await runRegistered(1, 'Gossip', { devices: 6, seed: 3 });
    const syncC = await runRegistered(1, 'Gossip', { devices: 6, seed: 4 });
    expect(syncB.trace.text()).toBe(syncA.trace.text());
    expect(syncC.trace.text()).not.toBe(syncA.trace.text()); // sync batches are shuffled by the seed
  });

  it('traces JSON lines with seq, kind, src, dst, type, msg and the round', async () => {
    const { trace } = await runRegistered(1, 'ImprovedGossip', { devices: 2 });
    const lines = trace
      .text()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toEqual({
      seq: 1,
      kind: 'send',
      src: 1,
      dst: 0,
      type: 'gather',
      msg: { type: 'gather', source: 1, destination: 0, secrets: [1] },
      round: 0,
    });
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.filter((l) => l.kind === 'round').map((l) => l.round)).toEqual([0, 1]);
  });

  it('--drop: dropped messages are traced and never delivered', async () => {
    const { report, trace } = await runRegistered(0, 'PingPong', { devices: 4, seed: 2, faults: { drop: 0.5 } });
    const events = trace.events();
    const drops = kinds(events, 'drop');
    expect(drops.length).toBeGreaterThan(5);
    expect(kinds(events, 'deliver').length).toBe(report.messages.total - drops.length);
    // Each dropped send is not followed by a delivery of the same message.
    for (const drop of drops) {
      const sendIndex = events.findIndex((e) => e.seq === drop.seq - 1);
      expect(events[sendIndex]?.kind).toBe('send');
    }
    const none = await runRegistered(0, 'PingPong', { devices: 4, seed: 2 });
    expect(kinds(none.trace.events(), 'drop')).toHaveLength(0);
  });

  it('--duplicate: duplicated messages arrive twice', async () => {
    const { report, trace } = await runRegistered(1, 'Gossip', { devices: 5, faults: { duplicate: 1 } });
    const events = trace.events();
    expect(kinds(events, 'duplicate')).toHaveLength(20);
    expect(kinds(events, 'deliver')).toHaveLength(40);
    expect(report.messages.total).toBe(20);
    expect(report.check.passed).toBe(true);
    // ImprovedGossip counts its children by sender, so copies cannot complete a gather early.
    const improved = await runRegistered(1, 'ImprovedGossip', { devices: 9, mode: 'async', faults: { duplicate: 0.5 } });
    expect(kinds(improved.trace.events(), 'duplicate').length).toBeGreaterThan(0);
    expect(improved.report.messages.total).toBe(16);
    expect(improved.report.check.passed).toBe(true);
  });

  it('--partition: nothing crosses between groups; gossip stops at quiescence and fails its check', async () => {
    const partition = [
      [0, 1],
      [2, 3],
    ];
    for (const [name, mode] of [
      ['Gossip', 'async'],
      ['GossipRing', 'sync'],
    ] as const) {
      const { report } = await runRegistered(1, name, { devices: 4, mode, faults: { partition } });
      expect(report.ended, name).toBe('quiescent');
      expect(report.waiting.length, name).toBeGreaterThan(0);
      expect(report.check.passed, name).toBe(false);
      expect(report.check.details, name).toMatch(/device \d does not know secrets? /);
    }
    const ping = await runRegistered(0, 'PingPong', {
      devices: 4,
      seed: 5,
      faults: {
        partition: [
          [0, 1],
          [2, 3],
        ],
      },
    });
    const events = ping.trace.events();
    const crossing = (e: TraceEvent): boolean => e.src !== null && e.dst !== null && e.src < 2 !== e.dst < 2;
    expect(events.filter((e) => e.kind === 'deliver' && crossing(e))).toHaveLength(0);
    expect(events.filter((e) => e.kind === 'drop').every(crossing)).toBe(true);
    expect(events.filter((e) => e.kind === 'drop').length).toBeGreaterThan(0);
  });

  it('--crash: a crashed device stops sending and receives nothing more', async () => {
    const { report, trace, crashed } = await runRegistered(0, 'PingPong', {
      devices: 3,
      seed: 4,
      faults: { crashes: [{ device: 1, at: 4 }] },
    });
    const events = trace.events();
    const crash = events.find((e) => e.kind === 'crash');
    expect(crash).toMatchObject({ src: 1, round: 4 });
    const after = events.filter((e) => e.seq > (crash?.seq ?? 0));
    expect(after.filter((e) => e.kind === 'send' && e.src === 1)).toHaveLength(0);
    expect(after.filter((e) => e.kind === 'deliver' && e.dst === 1)).toHaveLength(0);
    expect(events.filter((e) => e.kind === 'send' && e.src === 1)).toHaveLength(4);
    expect(crashed).toEqual([false, true, false]);
    expect(report.check.passed).toBe(false); // device 1 sent 4 messages, not 10
  });

  it('--crash in async: the device stops after the given (virtual) ms', async () => {
    const { trace, crashed } = await runRegistered(0, 'PingPong', {
      devices: 3,
      mode: 'async',
      seed: 2,
      faults: { crashes: [{ device: 0, at: 3 }] },
    });
    const events = trace.events();
    const crash = events.find((e) => e.kind === 'crash');
    expect(crash).toMatchObject({ src: 0 });
    expect(crash).not.toHaveProperty('round');
    expect(events.filter((e) => e.seq > (crash?.seq ?? 0) && e.kind === 'send' && e.src === 0)).toEqual([]);
    // Ticks 1 and 2 ran device 0; it crashed as tick 3 began, after two of its ten sends.
    expect(events.filter((e) => e.kind === 'send' && e.src === 0)).toHaveLength(2);
    expect(crashed).toEqual([true, false, false]);
  });

  it('--delay: async messages arrive the given virtual ms later, so the run needs more rounds', async () => {
    const quick = await runRegistered(1, 'Gossip', { devices: 4, mode: 'async' });
    const slow = await runRegistered(1, 'Gossip', { devices: 4, mode: 'async', faults: { delay: { min: 20, max: 20 } } });
    expect(quick.report.rounds).toBeLessThanOrEqual(1);
    expect(slow.report.rounds).toBeGreaterThanOrEqual(19);
    expect(slow.report.check.passed).toBe(true);
  });

  it('stepping: step, queue, pick, swap and exit drive the run', async () => {
    const said: string[] = [];
    const { trace, report } = await runRegistered(1, 'Gossip', {
      devices: 2,
      mode: 'stepping',
      commands: scriptedSource(['queue', 'queue 1', 'pick 1', 'step', 'swap', 'exit']),
      say: (line) => said.push(line),
    });
    expect(said).toContain('2 in flight:');
    expect(said).toContain('1 in flight to device 1:');
    expect(said).toContain('picked gossip 1 -> 0 as the next delivery');
    expect(said).toContain('now async');
    const shape = trace.events().map((e) => [e.kind, e.src, e.dst]);
    expect(shape).toEqual([
      ['send', 0, 1],
      ['send', 1, 0],
      ['deliver', 1, 0],
      ['round', null, null],
      ['deliver', 0, 1],
    ]);
    expect(report.check.passed).toBe(true);
  });

  it('stepping: fast-forward delivers all (or K) messages in flight, and the end of the input lets the run finish', async () => {
    const said: string[] = [];
    const { report, trace } = await runRegistered(0, 'PingPong', {
      devices: 3,
      mode: 'stepping',
      commands: scriptedSource(['ff', 'ff 1', 'step']),
      say: (line) => said.push(line),
    });
    const ended = said.indexOf('stepping ends (end of input); running to the end');
    expect(ended).toBeGreaterThan(0);
    // Round 0: ff takes all 3; round 1: ff 1 takes one, step one more; the last one goes when stepping ends.
    expect(said.slice(0, ended).filter((line) => line.startsWith('delivered '))).toHaveLength(5);
    const events = trace.events();
    const firstRoundEnd = events.findIndex((e) => e.kind === 'round');
    expect(events.slice(0, firstRoundEnd).map((e) => e.kind)).toEqual(['send', 'send', 'send', 'deliver', 'deliver', 'deliver']);
    expect(report).toMatchObject({ messages: { total: 30 }, rounds: 10, check: { passed: true } });
  });

  it('stepping: a queue of a device that does not exist is refused, not shown as device NaN', async () => {
    const said: string[] = [];
    await runRegistered(1, 'Gossip', {
      devices: 2,
      mode: 'stepping',
      commands: scriptedSource(['queue x', 'queue 7', 'exit']),
      say: (line) => said.push(line),
    });
    expect(said).toContain("queue [device]: device must be 0..1, not 'x'");
    expect(said).toContain("queue [device]: device must be 0..1, not '7'");
    expect(said.join('\n')).not.toContain('NaN');
  });

  it("stepping on a terminal: the seed's keys map to the same commands", () => {
    expect(meaningOf({ name: 'space', sequence: ' ' })).toEqual({ command: 'step' });
    expect(meaningOf({ name: 'return', sequence: '\r' })).toEqual({ command: 'step' });
    expect(meaningOf({ name: 'tab', sequence: '\t' })).toEqual({ command: 'queue' });
    expect(meaningOf({ name: 'f', sequence: 'f' })).toEqual({ command: 'ff' });
    expect(meaningOf({ name: 'e', sequence: 'e' })).toEqual({ command: 'swap' });
    expect(meaningOf({ name: 's', sequence: 's' })).toEqual({ prompt: 'pick' });
    expect(meaningOf({ name: 'x', sequence: 'x' })).toEqual({ command: 'exit' });
    expect(meaningOf({ sequence: ':' })).toEqual({ prompt: 'line' });
    expect(meaningOf({ name: 'c', sequence: '\u0003', ctrl: true })).toEqual({ interrupt: true });
    expect(meaningOf({ name: 'z', sequence: 'z' })).toBeNull();
  });

  it("Gossip's checker fails a variant that does not spread, and one that claims secrets nobody told it", async () => {
    const lazy = await runFixture('LazyGossip', { devices: 4 }, { lecture: 1, name: 'Gossip' });
    expect(lazy.report.check.passed).toBe(false);
    expect(lazy.report.check.details).toMatch(/device 0 does not know secrets 1, 2/);
    const cheat = await runFixture('CheatingGossip', { devices: 4 }, { lecture: 1, name: 'Gossip' });
    expect(cheat.report.check.passed).toBe(false);
    expect(cheat.report.check.details).toMatch(/claims secret .* that no delivered message disclosed/);
  });

  it('the gossip checker reads the trace: a ring message to a non-neighbour fails GossipRing', () => {
    const msg = (src: number, dst: number) => ({ type: 'gossip', source: src, destination: dst, secrets: [0, 1, 2, 3] });
    const trace: TraceEvent[] = [
      { seq: 1, kind: 'send', src: 0, dst: 2, type: 'gossip', msg: msg(0, 2) },
      { seq: 2, kind: 'deliver', src: 0, dst: 2, type: 'gossip', msg: msg(0, 2) },
    ];
    const results = [0, 1, 2, 3].map(() => ({ secrets: [0, 1, 2, 3] }));
    const ring = checkGossip(results, trace, { onlyTo: (i, n) => [(i + n - 1) % n, (i + 1) % n] });
    expect(ring.passed).toBe(false);
    expect(ring.details).toMatch(/device 0 sent to 2, which is not a neighbour/);
  });

  it('runs 300 devices and 89,700 messages in one process (speed is measured by the bench)', async () => {
    const { report } = await runRegistered(1, 'Gossip', { devices: 300, seed: 1 });
    expect(report.messages.total).toBe(300 * 299);
    expect(report.check.passed).toBe(true);
  });
});

afterAll(disposeFixtures);
