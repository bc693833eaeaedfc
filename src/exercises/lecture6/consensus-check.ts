import { z } from 'zod';
import type { CheckContext, CheckResult, TraceEvent } from '../algorithm.js';

/** What validity means for an algorithm. */
export type Validity =
  /** The decision is a value some (non-Byzantine) device proposed: crash-failure consensus. */
  | 'proposed'
  /** If every correct device proposed the same value, that is the decision (Byzantine integrity). */
  | 'unanimous'
  /** If the commander is correct, its proposal is the decision (interactive consistency). */
  | { readonly commander: number };

export interface ConsensusSpec {
  readonly validity: Validity;
  /** Values a device may decide without having been told them: the algorithm's default. */
  readonly defaults?: readonly (number | null)[];
  /** An algorithm's own rule, read from the trace: a violation, or undefined. */
  readonly extra?: (trace: readonly TraceEvent[]) => string | undefined;
  /** Given how many devices are faulty, why the algorithm's guarantee does not cover this run, if it does not. */
  readonly beyond?: (faulty: number) => string | undefined;
}

const Mark = z.object({ value: z.int().nullable() });
const Disclosing = z.looseObject({ value: z.number().nullable().optional(), values: z.array(z.number()).optional() });
const Result = z.looseObject({ decided: z.boolean(), decision: z.int().nullable() });

interface Decision {
  readonly value: number | null;
  /** The sync round it was made in (the trace has no rounds in async). */
  readonly round: number | undefined;
}

/**
 * Judges a consensus run from the proposals and decisions its devices marked, and the messages
 * the network delivered. Correct devices are those neither crashed nor named Byzantine.
 * Termination: every correct device decided; agreement: all decided the same; validity as the
 * algorithm states it; and a device decides only a value it proposed, was told by a delivered
 * message, or the algorithm's default. A device decides once, and reports what it marked.
 */
export function checkConsensus(
  results: readonly unknown[],
  trace: readonly TraceEvent[],
  context: CheckContext,
  spec: ConsensusSpec,
): CheckResult {
  const devices = context.devices;
  const byzantine = new Set(Array.isArray(context.options.byzantine) ? (context.options.byzantine as number[]) : []);
  const correct = [...Array(devices).keys()].filter((device) => context.crashed[device] !== true && !byzantine.has(device));
  const proposals = new Map<number, number>();
  const decisions = new Map<number, Decision>();
  const told = Array.from({ length: devices }, () => new Set<number | null>());
  const problems: string[] = [];
  for (const event of trace) {
    if (event.src === null) continue;
    if (event.kind === 'deliver' && event.dst !== null) {
      const disclosed = Disclosing.safeParse(event.msg);
      if (disclosed.success)
        for (const value of [disclosed.data.value, ...(disclosed.data.values ?? [])]) if (value !== undefined) told[event.dst]?.add(value);
    }
    if (event.kind !== 'mark' || (event.type !== 'propose' && event.type !== 'decide')) continue;
    const mark = Mark.safeParse(event.msg);
    if (!mark.success) {
      problems.push(`device ${event.src} marked '${event.type}' without a value`);
      continue;
    }
    if (event.type === 'propose') {
      if (mark.data.value !== null && !proposals.has(event.src)) proposals.set(event.src, mark.data.value);
      continue;
    }
    const earlier = decisions.get(event.src);
    if (earlier) problems.push(`device ${event.src} decided twice (${show(earlier.value)}, then ${show(mark.data.value)})`);
    else decisions.set(event.src, { value: mark.data.value, round: event.round });
    const allowed =
      mark.data.value === proposals.get(event.src) ||
      (spec.defaults ?? []).includes(mark.data.value) ||
      told[event.src]?.has(mark.data.value);
    if (!allowed && !byzantine.has(event.src))
      problems.push(`device ${event.src} decided ${show(mark.data.value)}, which it neither proposed nor was told`);
  }
  const undecided = correct.filter((device) => !decisions.has(device));
  if (undecided.length > 0) problems.push(`termination: device${undecided.length > 1 ? 's' : ''} ${list(undecided)} never decided`);
  const decided = correct.flatMap((device) => {
    const decision = decisions.get(device);
    return decision ? [{ device, value: decision.value }] : [];
  });
  const first = decided[0];
  const other = decided.find((d) => d.value !== first?.value);
  if (first && other)
    problems.push(`agreement: device ${first.device} decided ${show(first.value)}, device ${other.device} decided ${show(other.value)}`);
  const invalid = validityViolation(spec.validity, decided, proposals, correct, byzantine, context.crashed);
  if (invalid) problems.push(invalid);
  for (const device of correct) {
    const result = Result.safeParse(results[device]);
    const decision = decisions.get(device);
    if (!result.success) problems.push(`device ${device} returned no decision`);
    else if (result.data.decided !== (decision !== undefined) || (decision && result.data.decision !== decision.value))
      problems.push(
        `device ${device} reports ${result.data.decided ? `deciding ${show(result.data.decision)}` : 'no decision'}, its marks show ${decision ? show(decision.value) : 'none'}`,
      );
  }
  const extra = spec.extra?.(trace);
  if (extra) problems.push(extra);
  const faulty = devices - correct.length;
  if (problems.length > 0) {
    const beyond = spec.beyond?.(faulty);
    return { passed: false, details: `${problems.slice(0, 3).join('; ')}${beyond ? ` (${beyond})` : ''}` };
  }
  const crashed = context.crashed.filter(Boolean).length;
  const rounds = correct.map((device) => decisions.get(device)?.round);
  const by = rounds.every((round) => round !== undefined) ? ` by round ${Math.max(...rounds)}` : '';
  return {
    passed: true,
    details:
      `all ${correct.length} correct devices decided ${show(first?.value ?? null)}${by}` +
      `${crashed > 0 ? `, ${crashed} crashed` : ''}${byzantine.size > 0 ? `, ${byzantine.size} Byzantine` : ''}; agreement, validity and termination held`,
  };
}

function validityViolation(
  validity: Validity,
  decided: readonly { device: number; value: number | null }[],
  proposals: ReadonlyMap<number, number>,
  correct: readonly number[],
  byzantine: ReadonlySet<number>,
  crashed: readonly boolean[],
): string | undefined {
  if (validity === 'proposed') {
    const proposed = new Set([...proposals].filter(([device]) => !byzantine.has(device)).map(([, value]) => value));
    const wrong = decided.find((d) => d.value === null || !proposed.has(d.value));
    return wrong && `validity: device ${wrong.device} decided ${show(wrong.value)}, which no device proposed`;
  }
  if (validity === 'unanimous') {
    const values = new Set(correct.map((device) => proposals.get(device)));
    if (values.size !== 1) return undefined;
    const [value] = values;
    const wrong = decided.find((d) => d.value !== value);
    return wrong && `validity: every correct device proposed ${show(value ?? null)}, device ${wrong.device} decided ${show(wrong.value)}`;
  }
  const commander = validity.commander;
  if (byzantine.has(commander) || crashed[commander] === true) return undefined;
  const order = proposals.get(commander);
  const wrong = decided.find((d) => d.value !== order);
  return (
    wrong &&
    `validity: the commander (device ${commander}) is correct and proposed ${show(order ?? null)}, device ${wrong.device} decided ${show(wrong.value)}`
  );
}

const show = (value: number | null): string => (value === null ? 'nothing' : String(value));
const list = (devices: readonly number[]): string =>
  devices.length > 8 ? `${devices.slice(0, 8).join(', ')} and ${devices.length - 8} more` : devices.join(', ');
