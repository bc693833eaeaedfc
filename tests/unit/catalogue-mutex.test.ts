import { afterAll, describe, expect, it } from 'vitest';
import {
  checkMutex,
  findAlgorithm,
  parseAlgorithmOptions,
  votingSet,
  votingSetsIntersect,
  type TraceEvent,
} from '../../src/exercises/index.js';
import { disposeFixtures, fixtureFile, runFixture, runRegistered } from '../support/exercise-run.js';

afterAll(disposeFixtures);

const SEEDS = 20;
const SIZES = [3, 5, 10] as const;
const MODES = ['sync', 'async'] as const;
const BROKEN = fixtureFile('broken-mutex.js');

/** What each algorithm must cost per entry, read from its report. */
const perEntry: Record<string, (messages: number, entries: number, n: number) => boolean> = {
  Centralised: (messages, entries) => messages === 3 * entries,
  TokenRing: (messages, entries) => messages >= entries,
  RicartAgrawala: (messages, entries, n) => messages === 2 * (n - 1) * entries,
  Maekawa: (messages, entries, n) => {
    const k = Math.max(...[...Array(n).keys()].map((i) => votingSet(i, n).length));
    return messages >= 3 * entries && messages <= 6 * k * entries;
  },
  SuzukiKasami: (messages, entries, n) => messages <= n * entries,
  HeartbeatTokenRing: (messages, entries) => messages >= entries,
};

describe('lecture 4: mutual exclusion', () => {
  it.each(Object.keys(perEntry))(
    '%s passes its checker over 20 seeds x sync/async x 3, 5, 10 devices, and costs what it should per entry',
    async (name) => {
      for (const mode of MODES) {
        for (const devices of SIZES) {
          for (let seed = 1; seed <= SEEDS; seed++) {
            const { report, trace } = await runRegistered(4, name, { devices, mode, seed, options: { entries: '2' } });
            const what = `${name} ${mode} ${devices} devices seed ${seed}`;
            expect(report.check, what).toMatchObject({ passed: true });
            expect(report.ended, what).toBe('finished');
            const entries = trace.events().filter((e) => e.kind === 'mark' && e.type === 'enter').length;
            const messages = report.messages.total - (report.messages.perType.heartbeat ?? 0);
            expect(entries, what).toBe(name === 'Centralised' ? 2 * (devices - 1) : 2 * devices);
            expect(perEntry[name]?.(messages, entries, devices), `${what}: ${messages} messages`).toBe(true);
          }
        }
      }
    },
  );

  it('reports messages per entry next to the textbook figure, and waits in sync', async () => {
    const expected = [
      ['Centralised', /24 messages, 3\.00 per entry \(textbook: 3\)/],
      ['RicartAgrawala', /80 messages, 8\.00 per entry \(textbook: 2\(n-1\) = 8\)/],
      ['SuzukiKasami', /per entry \(textbook: n = 5 \(n-1 requests and the token\), or 0 with the token at hand\)/],
      ['Maekawa', /\(textbook: 3K = 10\.2 with K = 3\.4 devices per voting set; ~3 sqrt\(n\) = 6\.7 with optimal sets\)/],
    ] as const;
    for (const [name, figure] of expected) {
      const { report } = await runRegistered(4, name, { devices: 5, seed: 1 });
      expect(report.check.details).toMatch(figure);
      expect(report.check.details).toMatch(/rounds from request to entry on average$/);
    }
  });

  it('is deterministic: a seed gives a byte-identical trace on memory', async () => {
    for (const name of Object.keys(perEntry)) {
      const a = await runRegistered(4, name, { devices: 6, mode: 'async', seed: 9 });
      const b = await runRegistered(4, name, { devices: 6, mode: 'async', seed: 9 });
      const c = await runRegistered(4, name, { devices: 6, mode: 'async', seed: 10 });
      expect(b.report.traceHash, name).toBe(a.report.traceHash);
      expect(c.report.traceHash, name).not.toBe(a.report.traceHash);
    }
  });

  it('the checker fails a variant with no coordination at all, naming who overlapped when, in sync and async', async () => {
    for (const mode of MODES) {
      for (const as of ['Centralised', 'TokenRing', 'RicartAgrawala', 'Maekawa', 'SuzukiKasami', 'HeartbeatTokenRing']) {
        const { report } = await runFixture('NoCoordination', { devices: 5, mode, seed: 1 }, { lecture: 4, name: as }, BROKEN);
        expect(report.check.passed, `${as} ${mode}`).toBe(false);
        const round = mode === 'sync' ? ', round \\d+' : '';
        expect(report.check.details).toMatch(
          new RegExp(
            `devices (\\d) and (\\d) were inside the critical section at once: \\2 entered at seq \\d+${round} while \\1 had been inside since seq \\d+${round}`,
          ),
        );
      }
    }
  });

  it('fails a coordinator that grants every request at once, and a Ricart-Agrawala that stops after its own entries', async () => {
    for (const mode of MODES) {
      const eager = await runFixture('Centralised', { devices: 5, mode, seed: 1 }, { lecture: 4, name: 'Centralised' }, BROKEN);
      expect(eager.report.check.passed).toBe(false);
      expect(eager.report.check.details).toMatch(/^devices \d and \d were inside the critical section at once/);
      const quits = await runFixture('QuitsEarly', { devices: 5, mode, seed: 1 }, { lecture: 4, name: 'RicartAgrawala' }, BROKEN);
      expect(quits.report.ended).toBe('quiescent');
      expect(quits.report.check.passed).toBe(false);
      expect(quits.report.check.details).toMatch(/device \d's request at seq \d+.* was never served; device \d entered 1 time, not 2/);
      expect(quits.report.check.details).toMatch(/the run did not end by itself/);
    }
  });

  it('reads the marks, not what devices claim: a device that lies about its entries fails', () => {
    const mark = (seq: number, src: number, type: string, round = 0): TraceEvent => ({
      seq,
      kind: 'mark',
      src,
      dst: null,
      type,
      msg: null,
      round,
    });
    const trace = [mark(1, 0, 'request'), mark(2, 0, 'enter'), mark(3, 0, 'leave', 1), mark(4, 1, 'request', 1), mark(5, 1, 'enter', 2)];
    const context = { devices: 2, options: { entries: 1 }, crashed: [false, false], quiescent: false };
    const result = checkMutex([{ entries: 1 }, { entries: 1 }], trace, context, { figure: () => '2' });
    expect(result.passed).toBe(false);
    expect(result.details).toMatch(/device 1 entered at seq 5, round 2 and never left/);
    const liar = checkMutex([{ entries: 3 }, { entries: 1 }], [...trace, mark(6, 1, 'leave', 3)], context, { figure: () => '2' });
    expect(liar.details).toMatch(/^device 0 claims 3 entries, the trace shows 1/);
  });

  it('options: entries is passed with --option entries=N; 0 or an unknown key is refused, naming the option', async () => {
    const { report } = await runRegistered(4, 'RicartAgrawala', { devices: 3, options: { entries: '4' } });
    expect(report.options).toEqual({ entries: 4 });
    expect(report.check.details).toMatch(/^3 devices x 4 entries = 12 entries/);
    const ra = findAlgorithm(4, 'RicartAgrawala');
    expect(() => parseAlgorithmOptions(ra, { entries: '0' }, 3)).toThrow('--option entries: must be a whole number from 1 to 100');
    expect(() => parseAlgorithmOptions(ra, { entires: '2' }, 3)).toThrow(
      "--option: RicartAgrawala has no option 'entires' (its options: entries)",
    );
  });
});

describe("Maekawa's voting sets", () => {
  it('meet pairwise for every n, where the seed grid (columns cut after sqrt(n) rows) does not, e.g. n = 7', () => {
    for (let n = 2; n <= 60; n++) expect(votingSetsIntersect(n), `n = ${n}`).toBe(true);
    const seedSet = (index: number, n: number): number[] => {
      const dimension = Math.floor(Math.sqrt(n));
      const [x, y] = [index % dimension, Math.floor(index / dimension)];
      const set = new Set<number>();
      for (let i = 0; i < dimension; i++) {
        if (i * dimension + x < n) set.add(i * dimension + x);
        if (y * dimension + i < n) set.add(y * dimension + i);
      }
      return [...set];
    };
    expect(votingSetsIntersect(7, seedSet)).toBe(false);
    expect(votingSetsIntersect(9, seedSet)).toBe(true);
    expect(votingSet(4, 9)).toEqual([1, 3, 4, 5, 7]);
  });
});

describe('HeartbeatTokenRing: heartbeats, a crash, a join', () => {
  const ring = (spec: Parameters<typeof runRegistered>[2]) => runRegistered(4, 'HeartbeatTokenRing', spec);

  it('survives the crash of an idle device, of the token holder and of the first holder, in sync and async', async () => {
    for (const mode of MODES) {
      for (const at of [0, 3, 9, 17, 30]) {
        for (const device of [0, 2, 4]) {
          // The checker also fails any suspicion of a device that had not crashed.
          const { report } = await ring({ devices: 5, mode, seed: at + device, faults: { crashes: [{ device, at }] } });
          const what = `${mode} crash ${device}@${at}`;
          expect(report.check, what).toMatchObject({ passed: true });
          expect(report.ended, what).toBe('finished');
        }
      }
    }
  });

  it('a token lost with its holder is made anew, once; the details say how many heartbeats it took', async () => {
    // Device 1 gets the token in round 1 (sync, seed 3) and crashes while it holds it.
    const { report, trace } = await ring({ devices: 4, seed: 3, faults: { crashes: [{ device: 1, at: 2 }] } });
    const events = trace.events();
    expect(events.filter((e) => e.kind === 'mark' && e.type === 'suspects').map((e) => [e.src, e.msg])).toEqual([[0, { device: 1 }]]);
    expect(events.filter((e) => e.kind === 'mark' && e.type === 'regenerates')).toHaveLength(1);
    expect(report.check.details).toMatch(
      /^3 live devices x 2 entries( \+ 1 before a crash)? = \d+ entries, never two inside at once, every request served; \d+ messages, plus \d+ heartbeat/,
    );
  });

  it('lets a device join at the round it asks, and it makes its entries too; a crash and a join together also pass', async () => {
    for (const mode of MODES) {
      for (let seed = 1; seed <= 5; seed++) {
        const { report, trace } = await ring({ devices: 5, mode, seed, options: { join: '2', joinAt: '12' } });
        expect(report.check, `${mode} ${seed}`).toMatchObject({ passed: true });
        const events = trace.events();
        const asked = events.find((e) => e.kind === 'send' && e.type === 'join');
        const firstToken = events.find((e) => e.kind === 'deliver' && e.type === 'token' && e.dst === 2);
        expect(asked?.src).toBe(2);
        expect(firstToken && asked && firstToken.seq > asked.seq).toBe(true);
        const both = await ring({
          devices: 6,
          mode,
          seed,
          options: { join: '5', joinAt: '5' },
          faults: { crashes: [{ device: 4, at: 20 }] },
        });
        expect(both.report.check, `${mode} ${seed} with a crash`).toMatchObject({ passed: true });
      }
    }
  });

  it('its checker also fails a device declared crashed that had not crashed', () => {
    const event = (
      seq: number,
      kind: TraceEvent['kind'],
      src: number,
      type: string | null,
      msg: Record<string, unknown> | null,
    ): TraceEvent => ({
      seq,
      kind,
      src,
      dst: null,
      type,
      msg,
    });
    const trace = [
      event(1, 'crash', 2, null, null),
      event(2, 'mark', 1, 'suspects', { device: 2 }),
      event(3, 'mark', 3, 'suspects', { device: 0 }),
    ];
    const check = findAlgorithm(4, 'HeartbeatTokenRing').check;
    const result = check?.([{ entries: 0 }, { entries: 0 }, null, { entries: 0 }], trace, {
      devices: 4,
      options: { entries: 0 },
      crashed: [false, false, true, false],
      quiescent: false,
    });
    expect(result?.passed).toBe(false);
    expect(result?.details).toMatch(/^device 3 declared device 0 crashed at seq 3, but it had not; /);
  });

  it('refuses bad options, naming the option', () => {
    const algorithm = findAlgorithm(4, 'HeartbeatTokenRing');
    expect(() => parseAlgorithmOptions(algorithm, { join: '7' }, 5)).toThrow('--option join: device 7 does not exist (devices are 0-4)');
    expect(() => parseAlgorithmOptions(algorithm, { join: '0,1' }, 2)).toThrow('--option join: at least one device must start in the ring');
    expect(() => parseAlgorithmOptions(algorithm, { heartbeat: '4', timeout: '5' }, 3)).toThrow(
      '--option timeout: must exceed heartbeat + 1 = 5 rounds',
    );
  });
});
