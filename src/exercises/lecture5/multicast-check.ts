import type { CheckContext, CheckResult, TraceEvent } from '../algorithm.js';
import { causalViolation, fifoViolation, totalViolation } from './order-check.js';
import { DeliveredResult, multicastsBy, readMulticasts, type MulticastRun } from './multicast-trace.js';

/** What an algorithm promises beyond integrity and validity (which every multicast must keep). */
export interface MulticastClaims {
  /** A message one live device delivers, every live device delivers (whatever became of its origin). */
  readonly agreement?: boolean;
  readonly fifo?: boolean;
  readonly causal?: boolean;
  readonly total?: boolean;
}

/**
 * Judges a multicast run from its trace. Every live device multicast its `messages` payloads;
 * integrity: a device delivers a payload at most once, only after its origin multicast it, with
 * the content the origin sent, and (unless it is the origin) only after a message carrying it
 * reached the device; validity: every live device delivers every payload of every live origin;
 * then what the algorithm claims. Devices' results must list what their marks show.
 */
export function checkMulticast(
  results: readonly unknown[],
  trace: readonly TraceEvent[],
  context: CheckContext,
  claims: MulticastClaims,
): CheckResult {
  const devices = context.devices;
  const run = readMulticasts(trace, devices);
  const live = (device: number): boolean => context.crashed[device] !== true;
  const found = [
    ...run.malformed,
    shortfall(run, devices, Number(context.options.messages), live),
    integrityViolation(run),
    claimsViolation(run, results, live),
    validityViolation(run, devices, live),
    claims.agreement ? agreementViolation(run, devices, live) : undefined,
    claims.fifo ? fifoViolation(run) : undefined,
    claims.causal ? causalViolation(run, devices) : undefined,
    claims.total ? totalViolation(run) : undefined,
  ].filter((problem) => problem !== undefined);
  if (found.length > 0) return { passed: false, details: found.slice(0, 3).join('; ') };
  const held = ['integrity', 'validity', ...(['agreement', 'fifo', 'causal', 'total'] as const).filter((claim) => claims[claim])];
  const crashed = context.crashed.filter(Boolean).length;
  const rounds = run.deliveries.flat().map((delivery) => delivery.round);
  const by = rounds.length > 0 && rounds.every((round) => round !== undefined) ? ` (by round ${Math.max(...rounds)})` : '';
  return {
    passed: true,
    details:
      `${run.multicasts.size} messages multicast; every live device (${devices - crashed} of ${devices}) delivered ` +
      `every message of every live device once${by}; ${held.join(', ').replace('fifo', 'FIFO')} held`,
  };
}

/** Every live device multicast all its payloads (a crashed one may have fewer). */
function shortfall(run: MulticastRun, devices: number, messages: number, live: (device: number) => boolean): string | undefined {
  const counts = multicastsBy(run, devices);
  const short = counts.findIndex((count, device) => live(device) && count !== messages);
  if (short < 0) return undefined;
  return `device ${short} multicast ${counts[short] ?? 0} messages, not ${messages}`;
}

function integrityViolation(run: MulticastRun): string | undefined {
  for (const [device, deliveries] of run.deliveries.entries()) {
    const seen = new Set<string>();
    for (const { key, content, at } of deliveries) {
      const multicast = run.multicasts.get(key);
      if (seen.has(key)) return `integrity: device ${device} delivered ${key} twice`;
      seen.add(key);
      if (!multicast || multicast.at > at) return `integrity: device ${device} delivered ${key}, which its origin had not multicast`;
      if (content !== multicast.content)
        return `integrity: device ${device} delivered ${key} with content ${content}; device ${multicast.origin} multicast ${multicast.content}`;
      const reached = run.received[device]?.get(key);
      if (multicast.origin !== device && (reached === undefined || reached > at))
        return `integrity: device ${device} delivered ${key} before any message carrying it reached it`;
    }
  }
  return undefined;
}

/** A live device's result lists exactly the deliveries its marks show, in that order. */
function claimsViolation(run: MulticastRun, results: readonly unknown[], live: (device: number) => boolean): string | undefined {
  for (const [device, raw] of results.entries()) {
    // A crashed device on RabbitMQ may have marked more than the emulator took before the crash.
    if (!live(device)) continue;
    const result = DeliveredResult.safeParse(raw);
    if (!result.success) return `device ${device} returned no list of deliveries`;
    const marked = run.deliveries[device]?.map((d) => d.key) ?? [];
    if (result.data.delivered.join() !== marked.join())
      return `device ${device} claims deliveries [${result.data.delivered.slice(0, 5).join(' ')}], its marks show [${marked.slice(0, 5).join(' ')}]`;
  }
  return undefined;
}

function validityViolation(run: MulticastRun, devices: number, live: (device: number) => boolean): string | undefined {
  for (let device = 0; device < devices; device++) {
    if (!live(device)) continue;
    const delivered = new Set(run.deliveries[device]?.map((d) => d.key));
    for (const { key, origin } of run.multicasts.values())
      if (live(origin) && !delivered.has(key)) return `validity: device ${device} never delivered ${key} (its origin ${origin} is live)`;
  }
  return undefined;
}

function agreementViolation(run: MulticastRun, devices: number, live: (device: number) => boolean): string | undefined {
  const deliveredBy = new Map<string, number>();
  for (let device = 0; device < devices; device++)
    if (live(device)) for (const { key } of run.deliveries[device] ?? []) if (!deliveredBy.has(key)) deliveredBy.set(key, device);
  for (let device = 0; device < devices; device++) {
    if (!live(device)) continue;
    const delivered = new Set(run.deliveries[device]?.map((d) => d.key));
    for (const [key, by] of deliveredBy)
      if (!delivered.has(key)) return `agreement: device ${by} delivered ${key}, device ${device} never did`;
  }
  return undefined;
}
