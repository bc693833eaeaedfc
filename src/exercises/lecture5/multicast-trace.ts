import { z } from 'zod';
import type { TraceEvent } from '../algorithm.js';
import { keyOf, MulticastPayload } from './multicast-message.js';

/** A payload multicast by its origin: the first time the origin put it on the wire. */
export interface Multicast {
  readonly key: string;
  readonly origin: number;
  /** Its place among the origin's multicasts, by the trace (0 first), not by what `seq` claims. */
  readonly rank: number;
  readonly content: number;
  /** Trace seq of the first send. */
  readonly at: number;
}

/** A payload handed to the application, as the device marked it. */
export interface Delivery {
  readonly device: number;
  readonly key: string;
  readonly content: number;
  readonly at: number;
  /** The sync round it happened in (the trace has no rounds in async). */
  readonly round: number | undefined;
}

/** What the network and the marks of a run say about its multicasts. */
export interface MulticastRun {
  readonly multicasts: ReadonlyMap<string, Multicast>;
  /** Per device, its deliveries in the engine's order. */
  readonly deliveries: readonly (readonly Delivery[])[];
  /** Per device, when a message carrying each payload first reached it (trace seq). */
  readonly received: readonly ReadonlyMap<string, number>[];
  /** Malformed deliver marks, by device. */
  readonly malformed: readonly string[];
}

const Carried = MulticastPayload.loose();

/**
 * Reads a run's multicasts from its trace: a payload is multicast when its origin first sends a
 * message carrying it (relays, resends and orders are not multicasts), it reaches a device when
 * such a message is delivered there, and it is delivered to the application when the device marks
 * `deliver`.
 */
export function readMulticasts(trace: readonly TraceEvent[], devices: number): MulticastRun {
  const multicasts = new Map<string, Multicast>();
  const ranks = new Array<number>(devices).fill(0);
  const deliveries: Delivery[][] = Array.from({ length: devices }, () => []);
  const received = Array.from({ length: devices }, () => new Map<string, number>());
  const malformed: string[] = [];
  for (const event of trace) {
    if (event.kind === 'mark') {
      if (event.type !== 'deliver' || event.src === null) continue;
      const payload = MulticastPayload.safeParse(event.msg);
      if (!payload.success) malformed.push(`device ${event.src} marked a delivery without origin, seq and content`);
      else
        deliveries[event.src]?.push({
          device: event.src,
          key: keyOf(payload.data),
          content: payload.data.content,
          at: event.seq,
          round: event.round,
        });
      continue;
    }
    if (event.src === null || event.dst === null) continue;
    const carried = Carried.safeParse(event.msg);
    if (!carried.success) continue;
    const key = keyOf(carried.data);
    if (event.kind === 'send' && event.type === 'multicast' && carried.data.origin === event.src && !multicasts.has(key)) {
      const origin = event.src;
      multicasts.set(key, { key, origin, rank: ranks[origin] ?? 0, content: carried.data.content, at: event.seq });
      ranks[origin] = (ranks[origin] ?? 0) + 1;
    }
    if (event.kind === 'deliver' && !received[event.dst]?.has(key)) received[event.dst]?.set(key, event.seq);
  }
  return { multicasts, deliveries, received, malformed };
}

/** How many payloads each device multicast. */
export function multicastsBy(run: MulticastRun, devices: number): number[] {
  const counts = new Array<number>(devices).fill(0);
  for (const { origin } of run.multicasts.values()) counts[origin] = (counts[origin] ?? 0) + 1;
  return counts;
}

export const DeliveredResult = z.object({ delivered: z.array(z.string()) });
