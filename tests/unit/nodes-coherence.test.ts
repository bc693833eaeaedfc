import { describe, expect, it } from 'vitest';
import { checkCoherence } from '../../src/nodes/index.js';
import type { Access } from '../../src/nodes/index.js';

const w = (node: string, version: number, value: unknown, start: number, end: number): Access => ({
  node,
  op: 'write',
  cell: 'x',
  version,
  value,
  start,
  end,
});
const r = (node: string, version: number, value: unknown, start: number, end: number): Access => ({
  node,
  op: 'read',
  cell: 'x',
  version,
  value,
  start,
  end,
});
const zero = (): unknown => 0;

describe('checkCoherence', () => {
  it('passes a history where each read returns the latest write before it, or an overlapping one', () => {
    const report = checkCoherence(
      [r('a', 0, 0, 0, 1), w('a', 1, 10, 2, 4), r('b', 1, 10, 5, 6), w('b', 2, 20, 7, 10), r('c', 1, 10, 8, 9), r('c', 2, 20, 11, 12)],
      zero,
    );
    expect(report).toMatchObject({ passed: true, reads: 4, writes: 2 });
  });

  it('fails a stale read, a read of the future, a wrong value, a lost order and a duplicated version', () => {
    expect(checkCoherence([w('a', 1, 10, 0, 2), r('b', 0, 0, 3, 4)], zero).problems).toEqual([expect.stringMatching(/stale/)]);
    expect(checkCoherence([w('a', 1, 10, 5, 6), r('b', 1, 10, 0, 1)], zero).problems).toEqual([
      expect.stringMatching(/before its write began/),
    ]);
    expect(checkCoherence([w('a', 1, 10, 0, 1), r('b', 1, 11, 2, 3)], zero).problems).toEqual([expect.stringMatching(/which holds 10/)]);
    expect(checkCoherence([w('a', 2, 10, 0, 1), w('b', 1, 11, 2, 3)], zero).passed).toBe(false);
    expect(checkCoherence([w('a', 1, 10, 0, 1), w('b', 1, 11, 2, 3)], zero).problems[0]).toMatch(/two writes made version 1/);
    expect(checkCoherence([r('a', 3, 1, 0, 1)], zero).problems).toEqual([expect.stringMatching(/nobody wrote/)]);
  });
});
