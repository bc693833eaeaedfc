import { slaveValue, type ListEntry, type MasterResult, type SlaveResult } from '../protocol/index.js';

export interface Verification {
  passed: boolean;
  /** Empty when passed; otherwise what is wrong, one sentence each. */
  problems: string[];
}

/**
 * The proof a run owes: N lists, all identical, length N, every slave the writer exactly once,
 * the writers in the master's grant order, and every value the one its writer's seed gives: a
 * value forged on the way (even by someone holding the run's key) cannot pass.
 */
export function verifyRun(slaves: number, results: readonly SlaveResult[], master: MasterResult, seed: number): Verification {
  const problems: string[] = [];
  if (results.length !== slaves) problems.push(`${results.length} slave results for ${slaves} slaves`);
  const ids = new Set(results.map((r) => r.slave));
  for (let id = 0; id < slaves; id++) if (!ids.has(id)) problems.push(`no result from slave ${id}`);

  const reference = results[0]?.list ?? [];
  for (const result of results) {
    if (!sameList(result.list, reference)) problems.push(`slave ${result.slave}'s list differs from slave ${results[0]?.slave ?? 0}'s`);
  }
  if (reference.length !== slaves) problems.push(`the list has ${reference.length} entries, not ${slaves}`);
  const writers = reference.map((e) => e.writer);
  const counts = new Map<number, number>();
  for (const w of writers) counts.set(w, (counts.get(w) ?? 0) + 1);
  for (let id = 0; id < slaves; id++) {
    const n = counts.get(id) ?? 0;
    if (n !== 1) problems.push(`slave ${id} wrote ${n} times`);
  }
  if (!sameNumbers(writers, master.order)) problems.push("the writers are not in the master's grant order");
  reference.forEach((entry, round) => {
    const expected = slaveValue(seed, entry.writer);
    if (entry.value !== expected)
      problems.push(`round ${round}: slave ${entry.writer} writes ${expected}, but the list says ${entry.value}`);
  });
  return { passed: problems.length === 0, problems: problems.slice(0, 20) };
}

function sameList(a: readonly ListEntry[], b: readonly ListEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((e, i) => {
      const other = b[i];
      return other !== undefined && e.writer === other.writer && e.value === other.value;
    })
  );
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
