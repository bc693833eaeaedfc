import { z } from 'zod';
import type { CheckContext, CheckResult, TraceEvent } from '../algorithm.js';

export interface MutexCheckSpec {
  /** Devices that must enter `entries` times; the others must never enter (default: every device). */
  readonly participants?: (devices: number) => readonly number[];
  /** The textbook's messages per entry, as text (`3`, `2(n-1) = 8`). */
  readonly figure: (devices: number) => string;
  /** Message types that keep the protocol alive rather than serve entries (heartbeats): counted apart. */
  readonly overhead?: readonly string[];
}

const Counted = z.object({ entries: z.int().nonnegative() });

interface Stamp {
  readonly seq: number;
  readonly round: number | undefined;
}

const times = (count: number, word: string, plural = `${word}s`): string => `${count} ${count === 1 ? word : plural}`;

const at = (stamp: Stamp): string => `seq ${stamp.seq}${stamp.round === undefined ? '' : `, round ${stamp.round}`}`;

/**
 * The one checker of every mutual-exclusion algorithm. It reads the marks (`request`, `enter`,
 * `leave`) that devices make through the medium, which the engine puts in the trace in its own
 * global order with every send and delivery (on RabbitMQ too), so it trusts no device's own count:
 * - never two devices inside the critical section at once (a crashed device counts as out);
 * - every entry answers a request, and every request is served;
 * - every participant that did not crash entered exactly `entries` times and left;
 * - what the devices report matches the trace, and the run ended by itself (not at quiescence).
 * It reports the messages per entry next to the textbook's figure.
 */
export function checkMutex(
  results: readonly unknown[],
  trace: readonly TraceEvent[],
  context: CheckContext,
  spec: MutexCheckSpec,
): CheckResult {
  const n = context.devices;
  const entries = typeof context.options.entries === 'number' ? context.options.entries : 0;
  const participants = new Set(spec.participants?.(n) ?? [...Array(n).keys()]);
  const overhead = new Set(spec.overhead ?? []);
  const problems: string[] = [];
  const pending = new Map<number, Stamp>();
  const inside = new Map<number, Stamp>();
  const entered = new Array<number>(n).fill(0);
  const crashed = new Set<number>();
  const waits: number[] = [];
  let messages = 0;
  let extra = 0;

  for (const event of trace) {
    if (event.kind === 'send') {
      if (event.type !== null && overhead.has(event.type)) extra++;
      else messages++;
      continue;
    }
    const device = event.src;
    if (device === null) continue;
    const stamp: Stamp = { seq: event.seq, round: event.round };
    if (event.kind === 'crash') {
      crashed.add(device);
      inside.delete(device);
      pending.delete(device);
      continue;
    }
    if (event.kind !== 'mark') continue;
    if (event.type === 'request') {
      if (pending.has(device) || inside.has(device))
        problems.push(`device ${device} requested again at ${at(stamp)} before its last request was over`);
      pending.set(device, stamp);
    } else if (event.type === 'enter') {
      const request = pending.get(device);
      if (request === undefined) problems.push(`device ${device} entered at ${at(stamp)} without a request`);
      else if (request.round !== undefined && stamp.round !== undefined) waits.push(stamp.round - request.round);
      pending.delete(device);
      for (const [other, since] of inside) {
        if (other !== device)
          problems.push(
            `devices ${other} and ${device} were inside the critical section at once: ${device} entered at ${at(stamp)} while ${other} had been inside since ${at(since)}`,
          );
      }
      if (!participants.has(device)) problems.push(`device ${device} entered at ${at(stamp)}, but it is not one that enters`);
      inside.set(device, stamp);
      entered[device] = (entered[device] ?? 0) + 1;
    } else if (event.type === 'leave') {
      if (!inside.delete(device)) problems.push(`device ${device} left at ${at(stamp)} without being inside`);
    }
  }

  for (const device of participants) {
    if (crashed.has(device)) continue;
    const request = pending.get(device);
    if (request !== undefined) problems.push(`device ${device}'s request at ${at(request)} was never served`);
    const since = inside.get(device);
    if (since !== undefined) problems.push(`device ${device} entered at ${at(since)} and never left`);
    if (entered[device] !== entries) problems.push(`device ${device} entered ${times(entered[device] ?? 0, 'time')}, not ${entries}`);
  }
  results.forEach((raw, device) => {
    // A crashed device may have been inside: its own count stopped short of the trace's.
    if (crashed.has(device)) return;
    const result = Counted.safeParse(raw);
    if (!result.success) return void problems.push(`device ${device} returned no entry count`);
    if (result.data.entries !== (entered[device] ?? 0))
      problems.push(`device ${device} claims ${result.data.entries} entries, the trace shows ${entered[device] ?? 0}`);
  });
  if (context.quiescent) problems.push('the run did not end by itself: it stopped at quiescence with devices still waiting');

  const total = entered.reduce((a, b) => a + b, 0);
  const perEntry = total === 0 ? 'no entries' : `${(messages / total).toFixed(2)} per entry`;
  const overheadText = spec.overhead ? `, plus ${extra} ${spec.overhead.join('/')}` : '';
  const cost = `${messages} messages${overheadText}, ${perEntry} (textbook: ${spec.figure(n)})`;
  if (problems.length > 0) {
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more problems)` : '';
    return { passed: false, details: `${problems.slice(0, 5).join('; ')}${more}; ${cost}` };
  }
  const delay =
    waits.length === 0 ? '' : `; ${(waits.reduce((a, b) => a + b, 0) / waits.length).toFixed(1)} rounds from request to entry on average`;
  const live = [...participants].filter((device) => !crashed.has(device)).length;
  const who = live === participants.size ? `${live} devices` : `${live} live devices`;
  const ofCrashed = [...crashed].reduce((sum, device) => sum + (entered[device] ?? 0), 0);
  const before = ofCrashed === 0 ? '' : ` + ${ofCrashed} before a crash`;
  return {
    passed: true,
    details: `${who} x ${times(entries, 'entry', 'entries')}${before} = ${times(total, 'entry', 'entries')}, never two inside at once, every request served; ${cost}${delay}`,
  };
}
