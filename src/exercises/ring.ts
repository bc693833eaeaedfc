/**
 * Unidirectional rings by device index (0 -> 1 -> ... -> n-1 -> 0), the shape of the seed's token
 * ring and Chang-Roberts. `member` leaves devices out of the ring (crashed, not joined yet); the
 * ring keeps index order over those that are left.
 */

const everyone = (): boolean => true;

/** The next member after `index`, or undefined when `index` is the only one left. */
export function ringNext(index: number, n: number, member: (device: number) => boolean = everyone): number | undefined {
  for (let step = 1; step < n; step++) {
    const next = (index + step) % n;
    if (member(next)) return next;
  }
  return undefined;
}

/** The member before `index`, or undefined when `index` is the only one left. */
export function ringPrevious(index: number, n: number, member: (device: number) => boolean = everyone): number | undefined {
  for (let step = 1; step < n; step++) {
    const previous = (index - step + n) % n;
    if (member(previous)) return previous;
  }
  return undefined;
}

/** Whether `device` lies strictly between `from` and `to` going round the ring from `from`. */
export function ringBetween(from: number, device: number, to: number, n: number): boolean {
  const distance = (a: number, b: number): number => (b - a + n) % n;
  return distance(from, device) > 0 && distance(from, device) < distance(from, to);
}
