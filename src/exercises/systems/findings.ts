import type { z } from 'zod';
import type { CheckResult, TraceEvent } from '../algorithm.js';

/** How many problems a failed check names; the count of the rest follows. */
const SHOWN = 5;

/** What a checker found wrong, in the order found; the verdict names the first few. */
export class Findings {
  private readonly problems: string[] = [];

  add(problem: string): void {
    this.problems.push(problem);
  }

  get count(): number {
    return this.problems.length;
  }

  /** Passed with `summary`, or failed naming the problems. */
  verdict(summary: string): CheckResult {
    if (this.problems.length === 0) return { passed: true, details: summary };
    const more = this.problems.length - SHOWN;
    return { passed: false, details: `${this.problems.slice(0, SHOWN).join('; ')}${more > 0 ? `; and ${more} more` : ''}` };
  }
}

/** A message of one type as the trace saw it: the event (who, when) and the parsed message. */
export interface Seen<T> {
  readonly event: TraceEvent;
  readonly msg: T;
}

/** A message schema whose `type` is one literal. */
type TypedSchema<T> = z.ZodType<T> & { readonly shape: { readonly type: { readonly value: string } } };

/**
 * The sends (or deliveries) of one message type, parsed by its schema. A message that does not
 * parse is reported: it cannot come from a device of the algorithm, whose messages were validated.
 */
export function seen<T>(trace: readonly TraceEvent[], kind: 'send' | 'deliver', schema: TypedSchema<T>, findings: Findings): Seen<T>[] {
  const type = schema.shape.type.value;
  const found: Seen<T>[] = [];
  for (const event of trace) {
    if (event.kind !== kind || event.type !== type) continue;
    const parsed = schema.safeParse(event.msg);
    if (parsed.success) found.push({ event, msg: parsed.data });
    else findings.add(`trace event ${event.seq} is a ${type} the checker cannot read`);
  }
  return found;
}

/** A device's marks of one type, data parsed by `schema`; unreadable data is reported. */
export function marked<T>(
  trace: readonly TraceEvent[],
  type: string,
  schema: z.ZodType<T>,
  findings: Findings,
): { readonly event: TraceEvent; readonly device: number; readonly data: T }[] {
  const found: { event: TraceEvent; device: number; data: T }[] = [];
  for (const event of trace) {
    if (event.kind !== 'mark' || event.type !== type || event.src === null) continue;
    const parsed = schema.safeParse(event.msg);
    if (parsed.success) found.push({ event, device: event.src, data: parsed.data });
    else findings.add(`device ${event.src} marked '${type}' (trace event ${event.seq}) with data the checker cannot read`);
  }
  return found;
}

/** Parses each device's result with `schema`; a device whose result does not parse is reported (unless it crashed). */
export function resultsOf<T>(
  results: readonly unknown[],
  schema: z.ZodType<T>,
  crashed: readonly boolean[],
  findings: Findings,
  what: string,
): (T | undefined)[] {
  return results.map((raw, device) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    if (!crashed[device]) findings.add(`device ${device} returned no ${what}`);
    return undefined;
  });
}

/** `1 chunk`, `3 chunks`: a count and its noun. */
export const counted = (count: number, noun: string, plural = `${noun}s`): string => `${count} ${count === 1 ? noun : plural}`;
