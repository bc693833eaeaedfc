/**
 * Maekawa's voting sets as the seed builds them: devices in rows of floor(sqrt(n)), and a
 * device's set is its row and its column. The seed's columns stop after floor(sqrt(n)) rows, so
 * when n is not a perfect square two sets can miss each other (n = 7: {4, 5, 1, 3} and {6, 0, 2});
 * here a column runs through every row, which makes any two sets meet: a device's column crosses
 * the other's row, and where that cell is missing (a short last row), the other's column crosses
 * this one's row instead. The relation is symmetric: j is in i's set exactly when i is in j's.
 */
export function votingSet(index: number, n: number): number[] {
  const width = Math.max(1, Math.floor(Math.sqrt(n)));
  const row = Math.floor(index / width);
  const column = index % width;
  return [...Array(n).keys()].filter((device) => Math.floor(device / width) === row || device % width === column);
}

/** Whether every two voting sets share a device (what mutual exclusion rests on). */
export function votingSetsIntersect(n: number, sets: (index: number, n: number) => readonly number[] = votingSet): boolean {
  const all = [...Array(n).keys()].map((index) => new Set(sets(index, n)));
  return all.every((a, i) => all.every((b, j) => j <= i || [...a].some((device) => b.has(device))));
}
