import { z } from 'zod';

/** A vector clock: events seen per node. It travels on every message, so that a trace orders causally, not by wall clock. */
export const VectorClock = z.record(z.string().min(1).max(64), z.number().int().nonnegative());
export type VectorClock = z.infer<typeof VectorClock>;

/** One node's clock: ticks on each of its events, takes the maximum with every clock it receives. */
export class NodeClock {
  private readonly clock: Record<string, number>;

  constructor(readonly node: string) {
    this.clock = { [node]: 0 };
  }

  /** A new local event: its timestamp. */
  tick(): VectorClock {
    this.clock[this.node] = (this.clock[this.node] ?? 0) + 1;
    return this.now();
  }

  /** What a message carries: everything this node has seen so far. */
  now(): VectorClock {
    return { ...this.clock };
  }

  receive(other: VectorClock): void {
    for (const [node, count] of Object.entries(other)) {
      if (count > (this.clock[node] ?? 0)) this.clock[node] = count;
    }
  }

  /** Events this node has recorded. */
  events(): number {
    return this.clock[this.node] ?? 0;
  }
}

/** a happened before b: a <= b everywhere and a != b. */
export function happenedBefore(a: VectorClock, b: VectorClock): boolean {
  let smaller = false;
  for (const [node, count] of Object.entries(a)) {
    const other = b[node] ?? 0;
    if (count > other) return false;
    if (count < other) smaller = true;
  }
  if (smaller) return true;
  return Object.entries(b).some(([node, count]) => count > (a[node] ?? 0));
}
