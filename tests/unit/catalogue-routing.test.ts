import { afterAll, describe, expect, it } from 'vitest';
import { scriptedSource } from '../../src/emulator/index.js';
import { adjacency, checkRip, findAlgorithm, hopDistances, parseAlgorithmOptions, type TraceEvent } from '../../src/exercises/index.js';
import { disposeFixtures, fixtureFile, runFixture, runRegistered } from '../support/exercise-run.js';

afterAll(disposeFixtures);

const MODES = ['sync', 'async'] as const;
const BROKEN = fixtureFile('broken-routing.js');
const rip = (spec: Parameters<typeof runRegistered>[2]) => runRegistered(2, 'RipCommunication', spec);

describe('lecture 2: RipCommunication', () => {
  it('passes its checker over 20 seeds x sync/async x 3, 5, 10 devices on the ring, and ends by itself', async () => {
    for (const mode of MODES) {
      for (const devices of [3, 5, 10]) {
        for (let seed = 1; seed <= 20; seed++) {
          const { report } = await rip({ devices, mode, seed, options: { routed: '2' } });
          const what = `${mode} ${devices} devices seed ${seed}`;
          expect(report.check, what).toMatchObject({ passed: true });
          expect(report.ended, what).toBe('finished');
          expect(report.messages.perType.routable, what).toBeGreaterThanOrEqual(2 * devices);
        }
      }
    }
  });

  it('works on a line, a grid, random connected graphs and given links', async () => {
    const topologies = ['line', 'grid', 'random', '0-1,1-2,2-3,3-0,0-2,3-4,4-5'];
    for (const mode of MODES) {
      for (const topology of topologies) {
        for (const [devices, graphSeed] of [
          [6, '1'],
          [11, '7'],
        ] as const) {
          if (topology.includes('-') && devices !== 6) continue;
          const { report } = await rip({ devices, mode, seed: devices, options: { topology, graphSeed } });
          expect(report.check, `${topology} ${devices} ${mode}`).toMatchObject({ passed: true });
        }
      }
    }
  });

  it('on the seed ring of 10 in sync, the tables are stable after 64 table messages', async () => {
    const { report } = await rip({ devices: 10, seed: 1 });
    expect(report.messages.perType.rip).toBe(64);
    expect(report.check.details).toMatch(
      /^the tables of all 10 devices hold the shortest paths of the ring topology \(diameter 5\), stable after 64 table messages; 10 routed messages delivered along them$/,
    );
    // Device 0's table: [destination, next hop, hops]; 5 is as far either way (the first offer won).
    const table = (report.results[0] as { table: number[][] }).table;
    expect(table.filter(([destination]) => destination !== 5)).toEqual([
      [0, 0, 0],
      [1, 1, 1],
      [2, 1, 2],
      [3, 1, 3],
      [4, 1, 4],
      [6, 9, 4],
      [7, 9, 3],
      [8, 9, 2],
      [9, 9, 1],
    ]);
    expect(table[5]?.[2]).toBe(5);
  });

  it('builds the topologies it is asked for', () => {
    expect(adjacency('ring', 4, 1)).toEqual([
      [1, 3],
      [0, 2],
      [1, 3],
      [0, 2],
    ]);
    expect(adjacency('grid', 5, 1)).toEqual([[1, 3], [0, 2, 4], [1], [0, 4], [1, 3]]);
    for (let n = 2; n <= 40; n++)
      expect(
        hopDistances(adjacency('random', n, n))
          .flat()
          .includes(-1),
        `random ${n}`,
      ).toBe(false);
  });

  it('refuses a topology that is not connected, or names a device that does not exist', () => {
    const algorithm = findAlgorithm(2, 'RipCommunication');
    expect(() => parseAlgorithmOptions(algorithm, { topology: '0-1,2-3' }, 4)).toThrow(
      '--option topology: not connected: devices 2, 3 cannot reach device 0',
    );
    expect(() => parseAlgorithmOptions(algorithm, { topology: '0-1,1-5' }, 4)).toThrow(
      '--option topology: device 5 does not exist (devices are 0-3)',
    );
    expect(() => parseAlgorithmOptions(algorithm, { topology: 'star' }, 4)).toThrow(
      '--option topology: must be one of ring, line, grid, random, or links like 0-1,1-2,2-0',
    );
  });

  it('the checker fails a merge that ignores distance, naming the wrong table entries, in sync and async', async () => {
    for (const mode of MODES) {
      const { report } = await runFixture('FirstRouteWins', { devices: 5, mode }, { lecture: 2, name: 'RipCommunication' }, BROKEN);
      expect(report.check.passed).toBe(false);
      expect(report.check.details).toMatch(/device \d's table says \d is 3 hops away via \d; the shortest path is 2 hops/);
    }
  });

  it('fails a device that quits once the routed message for it arrived: routed messages are lost', async () => {
    for (const mode of MODES) {
      const { report } = await runFixture(
        'QuitsWhenServed',
        { devices: 5, mode, options: { routed: '2' } },
        { lecture: 2, name: 'RipCommunication' },
        BROKEN,
      );
      expect(report.check.passed).toBe(false);
      expect(report.check.details).toMatch(/routed message \d\.\d \(\d -> \d\) was never delivered to \d/);
    }
  });

  it('reads the trace: a message over no link, or a table that still changed while routing, fails', () => {
    const send = (seq: number, src: number, dst: number, type: string, msg: Record<string, unknown>): TraceEvent => ({
      seq,
      kind: 'send',
      src,
      dst,
      type,
      msg: { type, source: src, destination: dst, ...msg },
    });
    const context = {
      devices: 4,
      options: { topology: 'ring', graphSeed: 1, routed: 0 },
      crashed: [false, false, false, false],
      quiescent: false,
    };
    const result = checkRip(
      [],
      [send(1, 0, 2, 'rip', { table: [] }), send(2, 1, 2, 'stable', {}), send(3, 1, 0, 'rip', { table: [] })],
      context,
    );
    expect(result.passed).toBe(false);
    expect(result.details).toMatch(
      /^device 0 sent a rip to 2, which is not its neighbour \(seq 1\); device 1 still changed its table at seq 3, after routing had begun at seq 2/,
    );
  });

  it('steps from a script like any exercise', async () => {
    const said: string[] = [];
    const { report } = await rip({
      devices: 3,
      mode: 'stepping',
      commands: scriptedSource(['queue', 'step', 'ff', 'swap', 'exit']),
      say: (line) => said.push(line),
    });
    expect(said).toContain('2 in flight:');
    expect(said).toContain('now async');
    expect(report.check.passed).toBe(true);
  });
});
