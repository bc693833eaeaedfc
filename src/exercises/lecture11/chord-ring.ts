/** The seed's address size: chord ids and keys are 6-bit numbers. */
export const ADDRESS_BITS = 6;
export const ADDRESS_SPACE = 2 ** ADDRESS_BITS;

/** A node as the seed writes it: (device index, chord id). */
export type NodeRef = [index: number, id: number];

/** `candidate` strictly between `low` and `high` going clockwise; the whole ring but `low` when they are equal. */
export function inOpen(candidate: number, low: number, high: number): boolean {
  if (low === high) return candidate !== low;
  return low < high ? candidate > low && candidate < high : candidate > low || candidate < high;
}

/** `candidate` in (low, high] clockwise; everything when low === high (a ring of one). */
export function inHalfOpen(candidate: number, low: number, high: number): boolean {
  return candidate === high || inOpen(candidate, low, high);
}

/** The node responsible for `key`: the first whose id is `key` or follows it clockwise. */
export function successorOf(ring: readonly NodeRef[], key: number): NodeRef {
  const sorted = [...ring].sort((a, b) => a[1] - b[1]);
  const found = sorted.find(([, id]) => id >= key % ADDRESS_SPACE) ?? sorted[0];
  if (found === undefined) throw new RangeError('an empty ring has no successor');
  return found;
}

/** The node just before `node` on the ring. */
export function predecessorOf(ring: readonly NodeRef[], node: NodeRef): NodeRef {
  const sorted = [...ring].sort((a, b) => a[1] - b[1]);
  const at = sorted.findIndex(([, id]) => id === node[1]);
  return sorted[(at - 1 + sorted.length) % sorted.length] ?? node;
}

/** Finger i of the node with id `id` starts at id + 2^i. */
export const fingerStart = (id: number, finger: number): number => (id + 2 ** finger) % ADDRESS_SPACE;

/** The correct finger table of `node` on `ring`: finger i is the successor of id + 2^i (finger 0: the successor). */
export function fingerTable(ring: readonly NodeRef[], node: NodeRef): NodeRef[] {
  return Array.from({ length: ADDRESS_BITS }, (_, finger) => successorOf(ring, fingerStart(node[1], finger)));
}
