import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMulticast, findAlgorithm, type CheckContext, type TraceEvent } from '../../src/exercises/index.js';
import type { ExerciseOutcome } from '../../src/emulator/index.js';
import { disposeFixtures, runFile, runRegistered, type RunSpec } from '../support/exercise-run.js';

const BROKEN = fileURLToPath(new URL('../fixtures/broken-multicast.js', import.meta.url));
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const MODES = ['sync', 'async'] as const;

const run = (name: string, spec: RunSpec): Promise<ExerciseOutcome> => runRegistered(5, name, spec);

/** Judges a run by another algorithm's checker. */
function judgeAs(name: string, { report, trace, crashed }: ExerciseOutcome): { passed: boolean; details: string } {
  const context: CheckContext = { devices: report.devices, options: report.options, crashed, quiescent: report.ended === 'quiescent' };
  const check = findAlgorithm(5, name).check;
  if (!check) throw new Error(`${name} has no checker`);
  return check(report.results, trace.events(), context);
}

afterAll(disposeFixtures);

describe('lecture 5: multicast', () => {
  // Messages per multicast without faults: the seed's own counts (run with a finite application),
  // but for ReliableIPMulticast, where the seed NACKs messages merely reordered within a round.
  it.each([
    ['BasicMulticast', (n: number) => n],
    ['ReliableMulticast', (n: number) => n * n],
    ['ReliableIPMulticast', (n: number) => n],
    ['TOSEQMulticast', (n: number) => 2 * n],
    ['ISISMulticast', (n: number) => 3 * n],
    ['COMulticast', (n: number) => n],
  ])("%s passes its checker over 20 seeds in sync and async, with the seed's message count", async (name, perMulticast) => {
    for (const mode of MODES) {
      for (const seed of SEEDS) {
        const { report } = await run(name, { devices: 5, mode, seed });
        expect(report.check, `${name} ${mode} seed ${seed}`).toMatchObject({ passed: true });
        expect(report.messages.total, `${name} ${mode} seed ${seed}`).toBe(5 * 3 * perMulticast(5));
      }
    }
    const { report } = await run(name, { devices: 3, seed: 1, options: { messages: '1' } });
    expect(report.check.passed).toBe(true);
    expect(report.messages.total).toBe(3 * perMulticast(3));
  });

  it.each(['ReliableMulticast', 'ReliableIPMulticast'])(
    '%s keeps validity and agreement under --drop 0.2 --duplicate 0.1, and when devices crash in the middle of a multicast',
    async (name) => {
      const crashes = [
        { device: 1, at: 2, sends: 2 },
        { device: 3, at: 5, sends: 1 },
      ];
      for (const mode of MODES) {
        for (const seed of SEEDS) {
          const lossy = await run(name, { devices: 5, mode, seed, faults: { drop: 0.2, duplicate: 0.1 } });
          expect(lossy.report.check, `${mode} seed ${seed}`).toMatchObject({ passed: true });
          const crashing = await run(name, { devices: 5, mode, seed, faults: { drop: 0.2, duplicate: 0.1, crashes } });
          expect(crashing.report.check, `${mode} seed ${seed}, crashes`).toMatchObject({ passed: true });
          expect(crashing.crashed).toEqual([false, true, false, true, false]);
        }
      }
      // Device 1 crashed after telling only device 0 of its message: B-multicast leaves it there.
      const basic = await run('BasicMulticast', { devices: 5, seed: 1, faults: { crashes } });
      expect(judgeAs(name, basic).details).toMatch(/^agreement: device 0 delivered \(1,\d\), device 2 never did/);
    },
  );

  it('TOSEQ, ISIS and CO hold their order under --duplicate and --delay, and are not reliable under --drop', async () => {
    for (const name of ['TOSEQMulticast', 'ISISMulticast', 'COMulticast']) {
      for (const seed of SEEDS.slice(0, 5)) {
        const duplicated = await run(name, { devices: 5, mode: 'async', seed, faults: { duplicate: 0.3, delay: { min: 0, max: 8 } } });
        expect(duplicated.report.check, `${name} seed ${seed}`).toMatchObject({ passed: true });
      }
      const lossy = await run(name, { devices: 5, seed: 1, faults: { drop: 0.2 } });
      expect(lossy.report.check.details, name).toMatch(/validity: device \d never delivered \(\d,\d\)/);
    }
  });

  it('a seeded run is byte-identical, and another seed gives another run', async () => {
    const spec: RunSpec = { devices: 5, mode: 'async', seed: 7, faults: { drop: 0.2, duplicate: 0.1, delay: { min: 0, max: 4 } } };
    for (const name of ['ReliableIPMulticast', 'ISISMulticast']) {
      const [a, b, c] = await Promise.all([run(name, spec), run(name, spec), run(name, { ...spec, seed: 8 })]);
      expect(b.trace.text(), name).toBe(a.trace.text());
      expect(c.report.traceHash, name).not.toBe(a.report.traceHash);
    }
  });

  it('a BasicMulticast fails integrity under --duplicate, and total, FIFO and causal order when judged by them', async () => {
    const duplicated = await run('BasicMulticast', { devices: 5, seed: 1, faults: { duplicate: 0.1 } });
    expect(duplicated.report.check.details).toMatch(/^integrity: device \d delivered \(\d,\d\) twice/);
    // Passed off as TOSEQ in a user's file: sync batches arrive shuffled, so orders differ.
    const asToseq = await runFile(BROKEN, 5, 'TOSEQMulticast', { devices: 5, seed: 1 });
    expect(asToseq.report.check).toEqual({
      passed: false,
      details: 'total order: device 0 delivered (1,0) before (0,0), device 1 delivered (0,0) before (1,0)',
    });
    const delayed = await run('BasicMulticast', { devices: 5, mode: 'async', seed: 2, faults: { delay: { min: 0, max: 8 } } });
    expect(judgeAs('ReliableIPMulticast', delayed).details).toMatch(
      /FIFO: device \d delivered \(\d,\d\) before \(\d,\d\) of the same origin/,
    );
    expect(judgeAs('COMulticast', delayed).details).toMatch(
      /causal order: device \d delivered \(\d,\d\) before \(\d,\d\), which happened before it/,
    );
  });

  it('ISIS without the tie fix fails total order: two messages agreed on one number arrive in different orders', async () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const broken = await runFile(BROKEN, 5, 'ISISMulticast', { devices: 5, seed });
      expect(broken.report.check.details, `seed ${seed}`).toMatch(
        /^total order: device \d delivered \(\d,\d\) before \(\d,\d\), device \d delivered/,
      );
      const fixed = await run('ISISMulticast', { devices: 5, seed });
      expect(fixed.report.check.passed).toBe(true);
    }
  });

  it('the checker reads the trace: forged content, deliveries nobody multicast or sent, results that differ from the marks', () => {
    const payload = { origin: 0, seq: 0, content: 7 };
    const send = (seq: number, dst: number): TraceEvent => ({
      seq,
      kind: 'send',
      src: 0,
      dst,
      type: 'multicast',
      msg: { type: 'multicast', source: 0, destination: dst, ...payload },
    });
    const deliver = (seq: number, dst: number): TraceEvent => ({ ...send(seq, dst), kind: 'deliver' });
    const mark = (seq: number, device: number, data: object): TraceEvent => ({
      seq,
      kind: 'mark',
      src: device,
      dst: null,
      type: 'deliver',
      msg: { ...data },
    });
    // Device 1 crashed: it owes nothing, but what it delivered must still be sound.
    const context: CheckContext = { devices: 2, options: { messages: 1 }, crashed: [false, true], quiescent: false };
    const results = [{ delivered: ['(0,0)'] }, { delivered: ['(0,0)'] }];
    const judge = (trace: TraceEvent[], claimed: unknown[] = results): string =>
      checkMulticast(claimed, trace, context, { agreement: true }).details;
    const good = [send(1, 0), send(2, 1), deliver(3, 0), deliver(4, 1), mark(5, 0, payload), mark(6, 1, payload)];
    expect(checkMulticast(results, good, context, { agreement: true }).passed).toBe(true);
    expect(judge([...good.slice(0, 5), mark(6, 1, { ...payload, content: 8 })])).toBe(
      'integrity: device 1 delivered (0,0) with content 8; device 0 multicast 7',
    );
    expect(judge([send(1, 0), deliver(2, 0), mark(3, 0, payload), mark(4, 1, payload), send(5, 1)])).toBe(
      'integrity: device 1 delivered (0,0) before any message carrying it reached it',
    );
    expect(judge([...good, mark(7, 1, { origin: 1, seq: 4, content: 0 })])).toBe(
      'integrity: device 1 delivered (1,4), which its origin had not multicast',
    );
    expect(judge(good, [{ delivered: [] }, {}])).toBe('device 0 claims deliveries [], its marks show [(0,0)]');
    expect(judge(good.slice(0, 4), [{ delivered: [] }, {}])).toBe('validity: device 0 never delivered (0,0) (its origin 0 is live)');
    expect(judge([])).toMatch(/^device 0 multicast 0 messages, not 1/);
  });
});
