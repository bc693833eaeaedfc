import type { Delivery, MulticastRun } from './multicast-trace.js';

/**
 * The ordering properties of multicast, each judged from the trace alone; each returns the first
 * violation it finds (which devices, which messages, in what order), or undefined.
 */

/** FIFO: a device delivers an origin's messages in the order the origin multicast them, none skipped. */
export function fifoViolation(run: MulticastRun): string | undefined {
  for (const [device, deliveries] of run.deliveries.entries()) {
    const next = new Map<number, number>();
    for (const { key } of deliveries) {
      const multicast = run.multicasts.get(key);
      if (!multicast) continue; // integrity reports it
      const expected = next.get(multicast.origin) ?? 0;
      if (multicast.rank !== expected) {
        const missing = [...run.multicasts.values()].find((m) => m.origin === multicast.origin && m.rank === expected);
        return `FIFO: device ${device} delivered ${key} before ${missing?.key ?? 'an earlier message'} of the same origin`;
      }
      next.set(multicast.origin, expected + 1);
    }
  }
  return undefined;
}

/**
 * Causal order: if a multicast happened before another (its origin had delivered it, or multicast
 * it, before multicasting the other), every device delivers it first. Happened-before is built from
 * the trace: each multicast depends on what its origin had delivered or multicast by then.
 */
export function causalViolation(run: MulticastRun, devices: number): string | undefined {
  type Step = { at: number; device: number; key: string; kind: 'multicast' | 'deliver' };
  const steps: Step[] = [...run.multicasts.values()].map((m) => ({ at: m.at, device: m.origin, key: m.key, kind: 'multicast' }));
  for (const deliveries of run.deliveries)
    for (const d of deliveries) steps.push({ at: d.at, device: d.device, key: d.key, kind: 'deliver' });
  steps.sort((a, b) => a.at - b.at);
  /** What each device causally knows of: its own multicasts, its deliveries, and what those depended on. */
  const past = Array.from({ length: devices }, () => new Set<string>());
  const depends = new Map<string, ReadonlySet<string>>();
  const delivered = Array.from({ length: devices }, () => new Set<string>());
  for (const { device, key, kind } of steps) {
    const known = past[device] ?? new Set<string>();
    if (kind === 'multicast') {
      depends.set(key, new Set(known));
      known.add(key);
      continue;
    }
    for (const before of depends.get(key) ?? []) {
      if (!delivered[device]?.has(before))
        return `causal order: device ${device} delivered ${key} before ${before}, which happened before it`;
    }
    delivered[device]?.add(key);
    known.add(key);
    for (const before of depends.get(key) ?? []) known.add(before);
  }
  return undefined;
}

/** Total order: any two devices deliver the messages they both deliver in the same order. */
export function totalViolation(run: MulticastRun): string | undefined {
  const positions = run.deliveries.map((deliveries) => new Map(deliveries.map((d, i) => [d.key, i])));
  for (let a = 0; a < run.deliveries.length; a++) {
    for (let b = a + 1; b < run.deliveries.length; b++) {
      const inversion = firstInversion(run.deliveries[a] ?? [], positions[b] ?? new Map<string, number>());
      if (inversion) {
        const [earlier, later] = inversion;
        return `total order: device ${a} delivered ${earlier} before ${later}, device ${b} delivered ${later} before ${earlier}`;
      }
    }
  }
  return undefined;
}

/** The first pair that `order` delivered one way and `positions` the other. */
function firstInversion(order: readonly Delivery[], positions: ReadonlyMap<string, number>): [string, string] | undefined {
  let latest: { key: string; at: number } | undefined;
  for (const { key } of order) {
    const at = positions.get(key);
    if (at === undefined) continue;
    if (latest && at < latest.at) return [latest.key, key];
    if (!latest || at > latest.at) latest = { key, at };
  }
  return undefined;
}
