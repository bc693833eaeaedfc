import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scriptedSource, type ExerciseOutcome } from '../../src/emulator/index.js';
import { checkConsensus, findAlgorithm, parseAlgorithmOptions, type CheckContext, type TraceEvent } from '../../src/exercises/index.js';
import { disposeFixtures, runFile, runRegistered, type RunSpec } from '../support/exercise-run.js';

const BROKEN = fileURLToPath(new URL('../fixtures/broken-consensus.js', import.meta.url));
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const MODES = ['sync', 'async'] as const;

const run = (name: string, spec: RunSpec): Promise<ExerciseOutcome> => runRegistered(6, name, spec);

/**
 * A chain of crashes in the middle of multicasts, in sync: `first` (who holds the smallest value)
 * crashes in round 0 after telling one live device, which crashes in round 1 after telling one
 * more, and so on. Each crash is placed by counting the crashing device's sends to 0, 1, 2...
 */
function crashChain(first: number, length: number, devices: number): { device: number; at: number; sends: number }[] {
  const crashes = [];
  const gone = new Set<number>();
  let sender = first;
  for (let round = 0; round < length; round++) {
    gone.add(sender);
    let sends = 0;
    let reached = sender;
    for (let device = 0; device < devices; device++) {
      sends++;
      if (!gone.has(device)) {
        reached = device;
        break;
      }
    }
    crashes.push({ device: sender, at: round, sends });
    sender = reached;
  }
  return crashes;
}

/** The device whose proposal is the smallest in a fault-free run with this seed. */
async function smallestProposer(seed: number): Promise<number> {
  const { report } = await run('FResilientConsensus', { devices: 5, seed });
  const proposals = (report.results as { proposal: number }[]).map((r) => r.proposal);
  return proposals.indexOf(Math.min(...proposals));
}

afterAll(disposeFixtures);

describe('lecture 6: consensus', () => {
  it.each([
    ['FResilientConsensus', 5, 125, 5],
    ['SingleByzantine', 5, 25, 2],
    ['King', 5, 60, 4],
    ['Paxos', 25, undefined, undefined],
  ] as const)('%s passes its checker over 20 seeds in sync and async (%i devices)', async (name, devices, messages, rounds) => {
    for (const mode of MODES) {
      for (const seed of SEEDS) {
        const { report } = await run(name, { devices, mode, seed });
        expect(report.check, `${mode} seed ${seed}`).toMatchObject({ passed: true });
        if (mode === 'sync' && messages !== undefined) expect(report).toMatchObject({ messages: { total: messages }, rounds });
      }
    }
  });

  it('Paxos decides with 20 to 30 devices in async, and competing proposers, with up to a minority crashed', async () => {
    for (const devices of [20, 30]) {
      const { report } = await run('Paxos', { devices, mode: 'async', seed: devices, options: { proposers: '6' } });
      expect(report.check, `${devices} devices`).toMatchObject({ passed: true });
      expect(report.messages.perType.nack ?? 0, 'competing proposers refused').toBeGreaterThan(0);
    }
    const minority = Array.from({ length: 12 }, (_, i) => ({ device: 2 + i, at: 2 + (i % 3) }));
    for (const mode of MODES) {
      for (const seed of SEEDS.slice(0, 5)) {
        const { report } = await run('Paxos', { devices: 25, mode, seed, faults: { crashes: minority } });
        expect(report.check, `${mode} seed ${seed}`).toMatchObject({ passed: true });
      }
    }
    const majority = Array.from({ length: 13 }, (_, i) => ({ device: 12 + i, at: 0 }));
    const stuck = await run('Paxos', { devices: 25, mode: 'async', faults: { crashes: majority } });
    expect(stuck.report.ended).toBe('quiescent');
    expect(stuck.report.check.details).toBe(
      'termination: devices 0, 1, 2, 3, 4, 5, 6, 7 and 4 more never decided (13 of 25 crashed: no majority of acceptors is left)',
    );
  });

  it('a seeded run is byte-identical, Byzantine devices included', async () => {
    const king: RunSpec = { devices: 9, mode: 'async', seed: 3, options: { byzantine: '1,5' } };
    const paxos: RunSpec = { devices: 25, mode: 'async', seed: 3, faults: { delay: { min: 0, max: 5 }, crashes: [{ device: 4, at: 3 }] } };
    for (const [name, spec] of [
      ['King', king],
      ['Paxos', paxos],
    ] as const) {
      const [a, b] = [await run(name, spec), await run(name, spec)];
      expect(b.trace.text(), name).toBe(a.trace.text());
    }
  });

  it('Paxos decides under --drop: a learner that missed the accepts proposes itself', async () => {
    for (const mode of MODES) {
      for (const seed of SEEDS) {
        const { report } = await run('Paxos', { devices: 9, mode, seed, faults: { drop: 0.2 } });
        expect(report.check, `${mode} seed ${seed}`).toMatchObject({ passed: true });
      }
    }
  });

  it('FResilientConsensus tolerates f crashes in the middle of multicasts and fails with f + 1', async () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const first = await smallestProposer(seed);
      const spec = (f: number, crashes: number): RunSpec => ({
        devices: 5,
        seed,
        options: { f: String(f), patience: '1' },
        faults: { crashes: crashChain(first, crashes, 5) },
      });
      for (const f of [1, 2, 4])
        expect((await run('FResilientConsensus', spec(f, f))).report.check, `seed ${seed} f ${f}`).toMatchObject({ passed: true });
      const beyond = await run('FResilientConsensus', spec(1, 2));
      expect(beyond.report.check.details, `seed ${seed}`).toMatch(
        /^agreement: device \d decided \d+, device \d decided \d+ \(2 crashed, more than f = 1\)$/,
      );
    }
    // In async, on memory, the default patience keeps the rounds: crashes, whole or in the middle of a multicast.
    const crashes = [
      { device: 0, at: 1, sends: 1 },
      { device: 1, at: 2, sends: 2 },
      { device: 4, at: 3 },
    ];
    for (const seed of SEEDS) {
      const { report } = await run('FResilientConsensus', { devices: 5, mode: 'async', seed, faults: { crashes } });
      expect(report.check, `async seed ${seed}`).toMatchObject({ passed: true });
    }
  });

  it("the seed's FResilientConsensus, which multicasts the empty set, disagrees after one crash in the middle of a multicast", async () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const spec: RunSpec = { devices: 5, seed, faults: { crashes: crashChain(await smallestProposer(seed), 1, 5) } };
      expect((await run('FResilientConsensus', spec)).report.check.passed).toBe(true);
      const broken = await runFile(BROKEN, 6, 'FResilientConsensus', spec);
      expect(broken.report.check.details, `seed ${seed}`).toMatch(/^agreement: device \d decided \d+, device \d decided \d+$/);
    }
  });

  it('SingleByzantine tolerates one traitor among 4 or more, not two, nor one among 3', async () => {
    for (const [devices, byzantine] of [
      [4, '0'],
      [4, '3'],
      [7, '2'],
    ] as const) {
      for (const mode of MODES) {
        for (const seed of SEEDS) {
          const { report } = await run('SingleByzantine', { devices, mode, seed, options: { byzantine } });
          expect(report.check, `${devices} devices, traitor ${byzantine}, ${mode} seed ${seed}`).toMatchObject({ passed: true });
        }
      }
    }
    const two = await run('SingleByzantine', { devices: 4, seed: 3, options: { byzantine: '0,1' } });
    expect(two.report.check.details).toBe(
      'agreement: device 2 decided 0, device 3 decided 1 (2 faulty of 4: OM(1) needs at most one, and n > 3)',
    );
    const three = await run('SingleByzantine', { devices: 3, seed: 1, options: { byzantine: '2' } });
    expect(three.report.check.details).toMatch(/validity: the commander \(device 0\) is correct and proposed 1, device 1 decided nothing/);
  });

  it('King tolerates f Byzantine devices when n > 4f, and fails when n <= 4f or there are more than f', async () => {
    for (const [devices, byzantine] of [
      [5, '0'],
      [5, '1'],
      [9, '1,2'],
    ] as const) {
      for (const mode of MODES) {
        for (const seed of SEEDS) {
          const { report } = await run('King', { devices, mode, seed, options: { byzantine } });
          expect(report.check, `${devices} devices, Byzantine ${byzantine}, ${mode} seed ${seed}`).toMatchObject({ passed: true });
        }
      }
    }
    const tooFew = await run('King', { devices: 4, seed: 1, options: { f: '1', byzantine: '1' } });
    expect(tooFew.report.check.details).toBe(
      'agreement: device 0 decided 0, device 2 decided 1 (n = 4 <= 4f = 4: beyond what King tolerates)',
    );
    const tooMany = await run('King', { devices: 5, seed: 1, options: { byzantine: '0,1' } });
    expect(tooMany.report.check.details).toBe('agreement: device 2 decided 0, device 3 decided 1 (2 faulty devices, more than f = 1)');
  });

  it('a Paxos learner that learns on the first accept fails: it decides without a majority', async () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const broken = await runFile(BROKEN, 6, 'Paxos', { devices: 25, mode: 'async', seed });
      expect(broken.report.check.details, `seed ${seed}`).toMatch(
        /^device \d+ decided \d+ with accepts for it from \d+ acceptors? of one ballot \(a majority is 13\)$/,
      );
    }
    // With five competing proposers and slow links, a value accepted by one acceptor only is not the one chosen.
    const split = await runFile(BROKEN, 6, 'Paxos', {
      devices: 5,
      mode: 'async',
      seed: 3,
      options: { proposers: '5' },
      faults: { delay: { min: 0, max: 20 } },
    });
    expect(split.report.check.details).toBe(
      'agreement: device 0 decided 27, device 4 decided 20; device 2 decided 27 with accepts for it from 1 acceptor of one ballot (a majority is 3)',
    );
  });

  it('the checker reads proposals, decisions and deliveries from the trace, and every rule can fail', () => {
    let seq = 0;
    const mark = (device: number, type: 'propose' | 'decide', value: number | null): TraceEvent => ({
      seq: ++seq,
      kind: 'mark',
      src: device,
      dst: null,
      type,
      msg: { value },
    });
    const told = (from: number, to: number, value: number): TraceEvent => ({
      seq: ++seq,
      kind: 'deliver',
      src: from,
      dst: to,
      type: 'propose',
      msg: { type: 'propose', source: from, destination: to, value },
    });
    const context = (options: Record<string, unknown> = {}): CheckContext => ({
      devices: 3,
      options,
      crashed: [false, false, false],
      quiescent: false,
    });
    const reports = (...decisions: (number | null)[]) => decisions.map((decision) => ({ decided: true, decision }));
    const proposals = [mark(0, 'propose', 4), mark(1, 'propose', 4), mark(2, 'propose', 6)];
    const agreed = [...proposals, told(0, 1, 4), told(0, 2, 4), mark(0, 'decide', 4), mark(1, 'decide', 4), mark(2, 'decide', 4)];
    expect(checkConsensus(reports(4, 4, 4), agreed, context(), { validity: 'proposed' }).passed).toBe(true);
    const judge = (trace: TraceEvent[], validity: 'proposed' | 'unanimous' = 'proposed', claimed = reports(4, 4, 4)) =>
      checkConsensus(claimed, trace, context(), { validity }).details;
    expect(judge([...proposals, mark(0, 'decide', 9), mark(1, 'decide', 9), mark(2, 'decide', 9)])).toBe(
      'device 0 decided 9, which it neither proposed nor was told; device 1 decided 9, which it neither proposed nor was told; device 2 decided 9, which it neither proposed nor was told',
    );
    expect(
      judge(
        [...proposals, told(2, 0, 6), told(2, 1, 6), mark(0, 'decide', 6), mark(1, 'decide', 6), mark(2, 'decide', 6)],
        'proposed',
        reports(6, 6, 6),
      ),
    ).toMatch(/^all 3 correct devices decided 6/);
    const unanimous = [mark(0, 'propose', 4), mark(1, 'propose', 4), mark(2, 'propose', 4), told(9, 0, 7), told(9, 1, 7), told(9, 2, 7)];
    expect(judge([...unanimous, mark(0, 'decide', 7), mark(1, 'decide', 7), mark(2, 'decide', 7)], 'unanimous', reports(7, 7, 7))).toBe(
      'validity: every correct device proposed 4, device 0 decided 7',
    );
    expect(judge([...unanimous, mark(0, 'decide', 7), mark(1, 'decide', 7), mark(2, 'decide', 7)], 'proposed', reports(7, 7, 7))).toBe(
      'validity: device 0 decided 7, which no device proposed',
    );
    expect(judge([...agreed, mark(2, 'decide', 6)])).toBe('device 2 decided twice (4, then 6)');
    expect(judge(agreed, 'proposed', reports(4, 4, 5))).toBe('device 2 reports deciding 5, its marks show 4');
    expect(judge(agreed.slice(0, -1))).toBe('termination: device 2 never decided; device 2 reports deciding 4, its marks show none');
  });

  it('refuses options the device count cannot have, naming the option', () => {
    const parse = (name: string, options: Record<string, string>, devices: number) => () =>
      parseAlgorithmOptions(findAlgorithm(6, name), options, devices);
    expect(parse('King', { f: '4' }, 4)).toThrow('--option f: must be at most 3 (each phase needs a king)');
    expect(parse('King', { byzantine: '1,9' }, 5)).toThrow('--option byzantine: device 9 does not exist (devices are 0-4)');
    expect(parse('FResilientConsensus', { f: '5' }, 5)).toThrow('--option f: must be at most 4 (devices-1)');
    expect(parse('Paxos', { proposers: '6' }, 5)).toThrow('--option proposers: must be at most 5 (the devices)');
    expect(parse('SingleByzantine', { patience: '0' }, 4)).toThrow('--option patience: must be a whole number from 1 to 500');
    expect(parse('FResilientConsensus', { f: 'x' }, 4)).toThrow('--option f: must be a whole number');
    expect(parse('SingleByzantine', { traitors: '1' }, 4)).toThrow("--option: SingleByzantine has no option 'traitors'");
  });

  it('steps from a pipe: queue, pick, step, fast-forward', async () => {
    const said: string[] = [];
    const { report } = await run('SingleByzantine', {
      devices: 4,
      mode: 'stepping',
      commands: scriptedSource(['queue', 'pick 2', 'step', 'ff 3', 'exit']),
      say: (line) => said.push(line),
    });
    expect(said[0]).toBe('4 in flight:');
    expect(said).toContain('picked propose 0 -> 2 as the next delivery');
    expect(said).toContain('delivered propose 0 -> 2');
    expect(report).toMatchObject({ messages: { total: 16 }, rounds: 2, check: { passed: true } });
  });
});
