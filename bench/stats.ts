/** A number measured several times: the median and the spread. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function summarize(values: readonly number[], digits = 4): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0 ? NaN : sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  const r = (x: number): number => roundTo(x, digits);
  return { median: r(median), min: r(sorted[0] ?? NaN), max: r(sorted.at(-1) ?? NaN), values: values.map(r) };
}

/** Rounds to `digits` significant digits (at least to whole numbers above 10^digits). */
function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return Number(x.toFixed(Math.min(decimals, 6)));
}

/** The p-th percentile (0-100) by nearest rank: of 11 cold starts, p95 is the slowest but none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? NaN;
}
