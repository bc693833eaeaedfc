import { describe, expect, it } from 'vitest';
import { createRng, RngStreams } from '../../src/common/index.js';
import { FaultInjector, noFaults, type Fate } from '../../src/emulator/faults.js';

/** Each device's sends in its own order: `sends[src]` lists destinations. */
function plan(devices: number, perPair: number): number[][] {
  return Array.from({ length: devices }, (_, src) =>
    Array.from({ length: (devices - 1) * perPair }, (_, k) => (src + 1 + (k % (devices - 1))) % devices),
  );
}

/** The fates of `sends`, taken device by device in an order `interleave` draws (each device's own order kept). */
function fates(injector: FaultInjector, sends: number[][], interleave: (ready: number[]) => number): Map<string, Fate> {
  const next = sends.map(() => 0);
  const seen = new Map<string, number>();
  const out = new Map<string, Fate>();
  for (;;) {
    const ready = sends.flatMap((dsts, src) => ((next[src] ?? 0) < dsts.length ? [src] : []));
    if (ready.length === 0) return out;
    const src = interleave(ready);
    const dst = sends[src]?.[next[src] ?? 0] ?? -1;
    next[src] = (next[src] ?? 0) + 1;
    const k = seen.get(`${src}>${dst}`) ?? 0;
    seen.set(`${src}>${dst}`, k + 1);
    out.set(`${src}>${dst}#${k}`, injector.fate(src, dst));
  }
}

describe('fault draws', () => {
  const faults = { ...noFaults, drop: 0.3, duplicate: 0.2 };

  it('give each message the same fate for the same seed, however the senders interleave', () => {
    const sends = plan(6, 5);
    const inOrder = fates(new FaultInjector(faults, 7, 6), sends, (ready) => ready[0] ?? 0);
    const rng = createRng(99);
    const shuffled = fates(new FaultInjector(faults, 7, 6), sends, (ready) => rng.pick(ready));
    expect(shuffled).toEqual(inOrder);
    const otherSeed = fates(new FaultInjector(faults, 8, 6), sends, (ready) => ready[0] ?? 0);
    expect(otherSeed).not.toEqual(inOrder);
  });

  it('drop and duplicate at about the rates asked', () => {
    const all = [...fates(new FaultInjector(faults, 1, 10), plan(10, 50), (ready) => ready[0] ?? 0).values()];
    const lost = all.filter((fate) => fate.kind === 'lost').length / all.length;
    const doubled = all.filter((fate) => fate.kind === 'arrives' && fate.copies === 2).length / all.length;
    expect(lost).toBeGreaterThan(0.27);
    expect(lost).toBeLessThan(0.33);
    // A duplicate is drawn for messages that were not dropped: 0.7 x 0.2.
    expect(doubled).toBeGreaterThan(0.12);
    expect(doubled).toBeLessThan(0.16);
  });

  it('delays within the bounds, per pair of devices', () => {
    const injector = new FaultInjector({ ...noFaults, delay: { min: 3, max: 9 } }, 5, 4);
    const delays = Array.from({ length: 500 }, (_, i) => injector.delay(i % 4, (i + 1) % 4));
    expect(Math.min(...delays)).toBe(3);
    expect(Math.max(...delays)).toBe(9);
  });

  it('keeps streams apart: a stream draws the same whatever the others drew before', () => {
    const a = new RngStreams(3, 4);
    const b = new RngStreams(3, 4);
    const fromA = [a.next(2), a.next(2), a.next(2)];
    b.next(0);
    b.next(1);
    const fromB = [b.next(2), b.next(3), b.next(2), b.next(2)];
    expect([fromB[0], fromB[2], fromB[3]]).toEqual(fromA);
    expect(() => a.next(4)).toThrow(RangeError);
  });
});
