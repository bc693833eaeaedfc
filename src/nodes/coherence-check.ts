import type { Access } from './variables.js';

export interface CoherenceReport {
  readonly passed: boolean;
  readonly reads: number;
  readonly writes: number;
  /** What went wrong, one line each (at most 20). */
  readonly problems: string[];
}

/**
 * Proves, from every node's record of its reads and writes, that distributed variables behaved as
 * one copy would: per cell, the writes have distinct versions (the home's order) that respect real
 * time, and every read returned the value of the latest write that completed before the read
 * began, or of one that overlapped it, never an older one and never one from the future. Times are
 * one machine's clock (the tests' nodes share it); `initial` is each cell's value at version 0.
 */
export function checkCoherence(accesses: readonly Access[], initial: (cell: string) => unknown): CoherenceReport {
  const problems: string[] = [];
  const byCell = new Map<string, Access[]>();
  for (const access of accesses) byCell.set(access.cell, [...(byCell.get(access.cell) ?? []), access]);
  let reads = 0;
  let writes = 0;
  for (const [cell, list] of byCell) {
    const written = new Map<number, Access>();
    const cellWrites = list.filter((a) => a.op === 'write');
    writes += cellWrites.length;
    for (const w of cellWrites) {
      const twin = written.get(w.version);
      if (twin) problems.push(`${cell}: two writes made version ${w.version} (${twin.node} and ${w.node})`);
      written.set(w.version, w);
    }
    for (const a of cellWrites)
      for (const b of cellWrites)
        if (a.end < b.start && a.version >= b.version)
          problems.push(`${cell}: write v${b.version} by ${b.node} began after write v${a.version} by ${a.node} had finished`);
    for (const r of list.filter((a) => a.op === 'read')) {
      reads++;
      const source = written.get(r.version);
      const expected = r.version === 0 ? initial(cell) : source?.value;
      if (r.version > 0 && !source) problems.push(`${cell}: ${r.node} read v${r.version}, which nobody wrote`);
      else if (JSON.stringify(r.value) !== JSON.stringify(expected))
        problems.push(`${cell}: ${r.node} read ${JSON.stringify(r.value)} as v${r.version}, which holds ${JSON.stringify(expected)}`);
      if (source && source.start > r.end) problems.push(`${cell}: ${r.node} read v${r.version} before its write began`);
      const newer = cellWrites.find((w) => w.version > r.version && w.end < r.start);
      if (newer) problems.push(`${cell}: ${r.node} read v${r.version} (stale) after write v${newer.version} by ${newer.node} had finished`);
    }
  }
  return { passed: problems.length === 0, reads, writes, problems: problems.slice(0, 20) };
}
