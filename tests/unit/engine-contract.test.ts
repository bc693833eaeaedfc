import { describe, expect, it } from 'vitest';
import { createCopier } from '../../src/emulator/message-copier.js';
import { findAlgorithm, parseAlgorithmOptions } from '../../src/exercises/index.js';
import { disposeFixtures, runFixture, runRegistered } from '../support/exercise-run.js';
import { afterAll } from 'vitest';

afterAll(disposeFixtures);

describe('a run ends by itself when nothing can happen any more (quiescence)', () => {
  it('a partitioned, lossy or crashed gossip stops and fails its check instead of spinning to the timeout', async () => {
    const cases = [
      {
        faults: {
          partition: [
            [0, 1],
            [2, 3],
          ],
        },
      },
      { faults: { drop: 0.3 }, seed: 3 },
      { faults: { crashes: [{ device: 2, at: 0 }] } },
    ];
    for (const { faults, seed } of cases) {
      for (const mode of ['sync', 'async'] as const) {
        const { report } = await runRegistered(1, 'Gossip', { devices: 4, mode, faults, seed, timeoutMs: 60_000 });
        const what = `${JSON.stringify(faults)} ${mode}`;
        expect(report.ended, what).toBe('quiescent');
        expect(report.check.passed, what).toBe(false);
      }
    }
  });

  it('stops devices that wait for ever, reports which, and keeps their results; the trace stays bounded', async () => {
    const { report, trace } = await runFixture('WaitsForever', { devices: 3 });
    expect(report.ended).toBe('quiescent');
    expect(report.waiting).toEqual([0, 1, 2]);
    expect(report.results).toEqual([{ heard: 0 }, { heard: 0 }, { heard: 0 }]);
    expect(trace.length).toBeLessThan(100);
    expect(report.check).toEqual({
      passed: null,
      details: expect.stringMatching(/^WaitsForever has no checker, so nothing was checked/) as unknown,
    });
  });

  it('a finished run says so', async () => {
    const { report } = await runRegistered(0, 'PingPong', { devices: 3 });
    expect(report).toMatchObject({ ended: 'finished', waiting: [] });
  });
});

describe('messages are plain JSON on every transport', () => {
  it.each([
    [1, /device 0 sent a message that is not plain JSON: secrets is a Set, not a plain object or array .*send an array/],
    [2, /device 0 sent a message that is not plain JSON: the message is a Ping, not a plain object or array/],
    [3, /device 0 sent a message that is not plain JSON: payload\.count is NaN/],
    [4, /device 0 sent a message that is not plain JSON: when is undefined/],
    [5, /device 0 marked 'decide' with data that is not a plain JSON object: value is a Map/],
  ])('refuses bad=%i at send() (or mark()), naming the field', async (bad, expected) => {
    await expect(runFixture('SendsNonJson', { devices: 2, options: { bad: String(bad) } })).rejects.toThrow(expected);
  });
});

describe('messages carry what their type declares, and results are plain JSON too', () => {
  it("refuses a field that the algorithm's message type does not have, instead of dropping it silently", () => {
    const copy = createCopier(findAlgorithm(1, 'Gossip'), 3);
    expect(copy({ type: 'gossip', source: 0, destination: 1, secrets: [0] }, 0)).toEqual({
      type: 'gossip',
      source: 0,
      destination: 1,
      secrets: [0],
    });
    expect(() => copy({ type: 'gossip', source: 0, destination: 1, secrets: [0], hops: 2 }, 0)).toThrow(
      "device 0 sent a message with a field 'hops' that its type does not have",
    );
  });

  it('fails the check of a run whose device returns a result that is not plain JSON', async () => {
    const { report } = await runFixture('SetResult', { devices: 2 });
    expect(report.check).toEqual({ passed: false, details: expect.stringMatching(/^device 0's result\(\)\.secrets is a Set/) as unknown });
  });
});

describe('marks', () => {
  it("appear in the trace in the engine's order, with the device, the type and the data", async () => {
    const { trace } = await runFixture('Marker', { devices: 2, options: { entries: '3' } });
    const marks = trace.events().filter((e) => e.kind === 'mark');
    expect(marks).toHaveLength(12);
    expect(marks.slice(0, 4).map((e) => [e.src, e.type, e.msg])).toEqual([
      [0, 'enter', null],
      [0, 'leave', { entry: 0 }],
      [1, 'enter', null],
      [1, 'leave', { entry: 0 }],
    ]);
    expect(marks[0]).toMatchObject({ round: 0, dst: null });
  });
});

describe('algorithm options', () => {
  const gossip = findAlgorithm(1, 'Gossip');

  it('are parsed by the algorithm (a file may bring its own), defaults filled in', async () => {
    const { report } = await runFixture('Marker', { devices: 2 });
    expect(report.options).toEqual({ entries: 2, bad: 0 });
    expect(report.messages.total).toBe(0);
  });

  it('refuse an unknown key and a bad value with one line naming the option', async () => {
    expect(() => parseAlgorithmOptions(gossip, { entries: '3' }, 4)).toThrow(
      "--option: Gossip has no option 'entries' (it takes no options)",
    );
    await expect(runFixture('Marker', { devices: 2, options: { entries: '0' } })).rejects.toThrow(
      '--option entries: must be a whole number from 1 to 5',
    );
    await expect(runFixture('Marker', { devices: 2, options: { entries: 'x' } })).rejects.toThrow(
      '--option entries: must be a whole number from 1 to 5',
    );
  });
});

describe("a user's file", () => {
  it("names the line of the user's file where a device threw", async () => {
    await expect(runFixture('Thrower', { devices: 2 })).rejects.toThrow(
      /^device 1 failed: thrown on purpose by device 1 \(at .*tests\/fixtures\/contract-devices\.js:142:\d+\)$/,
    );
  });
});
