import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scriptedSource, type ExerciseOutcome } from '../../src/emulator/index.js';
import { findAlgorithm, parseAlgorithmOptions, type TraceEvent } from '../../src/exercises/index.js';
import { disposeFixtures, runFile, runRegistered, type RunSpec } from '../support/exercise-run.js';

afterAll(disposeFixtures);

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const modes = ['sync', 'async'] as const;
const seeds = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);
const sends = (trace: readonly TraceEvent[], type: string): TraceEvent[] => trace.filter((e) => e.kind === 'send' && e.type === type);

interface SystemCase {
  readonly lecture: number;
  readonly name: string;
  /** The seed course's device count, and a larger one. */
  readonly counts: readonly [number, number];
  readonly options: Record<string, string>;
}

/** The seed's device counts and a larger one; small proof of work and fewer keys keep the tier fast. */
const systems: readonly SystemCase[] = [
  { lecture: 8, name: 'GfsNetwork', counts: [7, 12], options: {} },
  { lecture: 9, name: 'MapReduceNetwork', counts: [6, 12], options: { files: '3' } },
  { lecture: 10, name: 'BlockchainNetwork', counts: [4, 9], options: { length: '6', difficulty: '3' } },
  { lecture: 11, name: 'ChordNetwork', counts: [8, 20], options: { keys: '24' } },
  { lecture: 12, name: 'AodvNode', counts: [10, 30], options: {} },
];

async function expectPasses(lecture: number, name: string, spec: RunSpec): Promise<ExerciseOutcome> {
  const outcome = await runRegistered(lecture, name, spec);
  expect(outcome.report.check, `${name} ${spec.devices} devices ${spec.mode ?? 'sync'} seed ${spec.seed ?? 1}`).toMatchObject({
    passed: true,
  });
  return outcome;
}

describe('lectures 8-12: complete systems, checked, on memory', () => {
  it.each(systems)(
    '$name passes its checker over 10 seeds x {sync, async} at the seed course device count, 4 seeds at a larger one',
    async (system) => {
      const [seedCount, larger] = system.counts;
      const plan: [devices: number, seeds: number][] = [
        [seedCount, 10],
        [larger, 4],
      ];
      for (const [devices, count] of plan)
        for (const mode of modes)
          for (const seed of seeds(count))
            await expectPasses(system.lecture, system.name, { devices, mode, seed, options: system.options });
    },
  );

  it('every system is deterministic: a seed gives a byte-identical trace, another seed another one', async () => {
    for (const { lecture, name, counts, options } of systems) {
      const run = (seed: number) => runRegistered(lecture, name, { devices: counts[0], mode: 'async', seed, options });
      const [first, again, other] = await Promise.all([run(5), run(5), run(6)]);
      expect(again.trace.text(), name).toBe(first.trace.text());
      expect(other.report.traceHash, name).not.toBe(first.report.traceHash);
    }
  });

  const broken: { file: string; lecture: number; name: string; devices: number; options: Record<string, string>; defect: RegExp }[] = [
    {
      file: 'broken-gfs.js',
      lecture: 8,
      name: 'GfsNetwork',
      devices: 7,
      options: {},
      defect: /chunk \d+: replicas on devices \d+ and \d+ differ at offset \d/,
    },
    {
      file: 'broken-map-reduce.js',
      lecture: 9,
      name: 'MapReduceNetwork',
      devices: 12,
      options: { files: '3' },
      defect: /device 2's partition 0 is not the merge of what it fetched .*words missing from the output/,
    },
    {
      file: 'broken-blockchain.js',
      lecture: 10,
      name: 'BlockchainNetwork',
      devices: 5,
      options: { length: '6', difficulty: '3' },
      defect: /miners 0 and 2 end on different chains \(from block 1 on\)/,
    },
    {
      file: 'broken-chord.js',
      lecture: 11,
      name: 'ChordNetwork',
      devices: 8,
      options: { keys: '24' },
      defect: /device \d+ \(id \d+\) was given finger \d = device \d+ \(id \d+\), but the successor of \d+ is device/,
    },
    {
      file: 'broken-aodv.js',
      lecture: 12,
      name: 'AodvNode',
      devices: 10,
      options: {},
      defect: /^device \d+ ends with 1 message in its cache \(\d+:0\)/,
    },
  ];
  it.each(broken)(
    'a broken $name (tests/fixtures/$file) fails its checker, and the details name the defect',
    async ({ file, lecture, name, devices, options, defect }) => {
      for (const seed of seeds(3)) {
        const { report } = await runFile(fixture(file), lecture, name, { devices, mode: 'sync', seed, options });
        expect(report.check.passed, `${name} seed ${seed}`).toBe(false);
        expect(report.check.details).toMatch(defect);
      }
    },
  );
});

describe('GfsNetwork', () => {
  /** The first chunk's servers (primary first), from a run without faults of the same seed. */
  async function firstChunkServers(devices: number, mode: 'sync' | 'async', seed: number): Promise<number[]> {
    const { trace } = await runRegistered(8, 'GfsNetwork', { devices, mode, seed });
    const allocation = sends(trace.events(), 'AllocateChunkReq')[0]?.msg as { chunkservers: number[] } | undefined;
    return allocation?.chunkservers ?? [];
  }

  it('fails over when a secondary or the primary crashes mid-run (sync and async): no acknowledged append is lost', async () => {
    for (const mode of modes) {
      for (const seed of seeds(2)) {
        const [primary, secondary] = await firstChunkServers(7, mode, seed);
        for (const crashed of [secondary, primary]) {
          if (crashed === undefined) throw new Error('no allocation');
          const { trace, report } = await expectPasses(8, 'GfsNetwork', {
            devices: 7,
            mode,
            seed,
            faults: { crashes: [{ device: crashed, at: 8 }] },
          });
          const events = trace.events();
          expect(events.filter((e) => e.kind === 'mark' && e.type === 'dead').map((e) => e.msg)).toContainEqual({ server: crashed });
          expect(sends(events, 'ChunkLocations').length).toBeGreaterThan(0);
          expect(report.check.details).toMatch(/all 6 acknowledged appends present exactly once/);
        }
      }
    }
  });

  it('a full chunk sends the clients to the next one, allocated on demand', async () => {
    const { report } = await expectPasses(8, 'GfsNetwork', { devices: 12, seed: 3, options: { capacity: '2', appends: '2' } });
    expect(report.check.details).toMatch(/^7 chunks, 14 records/);
  });

  it('survives lost messages: heartbeats, retries and resends recover', async () => {
    for (const mode of modes) await expectPasses(8, 'GfsNetwork', { devices: 12, mode, seed: 2, faults: { drop: 0.05 } });
  });
});

describe('MapReduceNetwork', () => {
  it("gives a slow worker's task to an idle worker, and the task of a crashed mapper to another", async () => {
    for (const mode of modes) {
      const slow = await expectPasses(9, 'MapReduceNetwork', { devices: 6, mode, options: { files: '3', slow: '5' } });
      expect(sends(slow.trace.events(), 'MapTask').map((e) => e.dst)).toEqual([5, expect.not.stringMatching(/5/) as unknown]);
      // Mapper 8 crashes after reporting its task done, before the reducers fetched its output.
      const lost = await expectPasses(9, 'MapReduceNetwork', {
        devices: 12,
        mode,
        options: { files: '6' },
        faults: { crashes: [{ device: 8, at: 3 }] },
      });
      const events = lost.trace.events();
      if (mode === 'sync') expect(sends(events, 'FetchFailed').length).toBeGreaterThan(0);
      expect(sends(events, 'MapTask').length).toBeGreaterThan(6);
    }
  });

  it("counts the user's own folder of texts word for word", async () => {
    const folder = await mkdtemp(join(tmpdir(), 'fnsync-corpus-'));
    try {
      await writeFile(join(folder, 'a.txt'), 'Zebra apple. Apple? zebra, mango!\n');
      await writeFile(join(folder, 'b.txt'), "It's an apple; it's not a zebra.\n");
      await writeFile(join(folder, 'notes.md'), 'not counted');
      const { report } = await expectPasses(9, 'MapReduceNetwork', { devices: 6, options: { corpus: folder } });
      expect(report.check.details).toMatch(/^2 files, 12 words, 7 distinct/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('BlockchainNetwork', () => {
  it('resolves forks: with an easy proof of work miners compete, and still end on one chain (odd device counts too)', async () => {
    let switched = 0;
    for (const mode of modes) {
      for (const seed of seeds(3)) {
        const { report } = await expectPasses(10, 'BlockchainNetwork', {
          devices: 7,
          mode,
          seed,
          options: { length: '8', difficulty: '1' },
        });
        switched += report.results.reduce((sum: number, result) => sum + ((result as { switched?: number }).switched ?? 0), 0);
      }
    }
    expect(switched).toBeGreaterThan(0);
  });
});

describe('ChordNetwork', () => {
  it('after the join the new node holds the keys of its range and answers for them', async () => {
    const { report, trace } = await expectPasses(11, 'ChordNetwork', { devices: 8, seed: 4 });
    const joiner = report.results[1] as { chordId: number; prev: [number, number]; keys: number[] };
    const range = [...Array(64).keys()].filter(
      (key) => (key - joiner.prev[1] + 64) % 64 !== 0 && (key - joiner.prev[1] + 64) % 64 <= (joiner.chordId - joiner.prev[1] + 64) % 64,
    );
    expect(joiner.keys).toEqual(range);
    const events = trace.events();
    expect(events.filter((e) => e.kind === 'mark' && e.type === 'handoff' && (e.msg as { to: number }).to === 1)).toHaveLength(1);
    const answeredByJoiner = sends(events, 'GetRsp')
      .filter((e) => e.src === 1)
      .map((e) => (e.msg as { key: number }).key);
    expect(answeredByJoiner.sort((a, b) => a - b)).toEqual(range);
  });
});

describe('AodvNode', () => {
  it('steps from a script (queue, step, pick, fast-forward) and still delivers everything', async () => {
    const said: string[] = [];
    const { report } = await expectPasses(12, 'AodvNode', {
      devices: 5,
      mode: 'stepping',
      commands: scriptedSource(['queue', 'step', 'pick 1', 'step', 'ff 3', 'swap', 'step', 'exit']),
      say: (line) => said.push(line),
    });
    expect(said.some((line) => line.startsWith('picked '))).toBe(true);
    expect(report.messages.perType.Topology).toBe(4);
  });
});

describe('options of lectures 8-12', () => {
  it.each([
    ['GfsNetwork', 8, 7, { replicas: '5' }, /^--option replicas: 5 replicas need at least 5 chunkservers, not 4$/],
    ['GfsNetwork', 8, 5, {}, /^--option chunkservers: a master, 4 chunkservers and at least one client need 6 devices, not 5$/],
    [
      'MapReduceNetwork',
      9,
      6,
      { reducers: '4' },
      /^--option reducers: 4 reducers, a client, a master and at least one mapper need 7 devices, not 6$/,
    ],
    ['MapReduceNetwork', 9, 6, { slow: '1' }, /^--option slow: device 1 is not a worker \(workers are 2-5\)$/],
    ['MapReduceNetwork', 9, 6, { corpus: '/no/such/folder' }, /^--option corpus: \/no\/such\/folder is not a folder$/],
    ['BlockchainNetwork', 10, 4, { difficulty: '30' }, /^--option difficulty: must be a whole number from 0 to 24$/],
    ['ChordNetwork', 11, 66, {}, /^--devices: ChordNetwork's 6-bit ring has 64 addresses: at most 65 devices/],
    ['AodvNode', 12, 10, { arc: '0' }, /^--option arc: must be a whole number from 1 to 100$/],
  ] as const)('%s (lecture %i) with %i devices refuses %j in one line naming the option', (name, lecture, devices, options, expected) => {
    expect(() => parseAlgorithmOptions(findAlgorithm(lecture, name), options, devices)).toThrow(expected);
  });

  it('a run prints one short line per device, not its whole state', async () => {
    for (const { lecture, name, counts, options } of systems) {
      const algorithm = findAlgorithm(lecture, name);
      const { report } = await runRegistered(lecture, name, { devices: counts[0], options });
      for (const result of report.results) expect(algorithm.describeResult?.(result).length ?? Infinity, name).toBeLessThan(250);
    }
  });
});
