import { z } from 'zod';
import type { CheckResult, TraceEvent } from '../algorithm.js';

/** The fewest one-way messages that spread n secrets to n devices (Harary and Schwenk). */
export const oneWayOptimum = (n: number): number => (n < 2 ? 0 : 2 * n - 2);
/** The classic telephone-call optimum (a call discloses both ways), which the course quotes. */
export const callOptimum = (n: number): number => (n < 2 ? 0 : n === 2 ? 1 : n === 3 ? 3 : 2 * n - 4);

const GossipResult = z.object({ secrets: z.array(z.int()) });
const Disclosed = z.object({ secrets: z.array(z.int()) });

export interface GossipCheckOptions {
  /** Where a device may send (a ring allows only the neighbours). */
  onlyTo?: (source: number, n: number) => number[];
  /** A message budget, for the algorithms that claim one. */
  maxMessages?: (n: number) => number;
}

/**
 * Every device knows every secret, and learned each one from a message the network actually
 * delivered to it (a device cannot claim what nobody told it). Reports the message count against
 * the optima.
 */
export function checkGossip(results: readonly unknown[], trace: readonly TraceEvent[], options: GossipCheckOptions = {}): CheckResult {
  const n = results.length;
  const problems: string[] = [];
  const told = Array.from({ length: n }, (_, device) => new Set<number>([device]));
  let messages = 0;
  for (const event of trace) {
    if (event.src === null || event.dst === null) continue;
    if (event.kind === 'send') {
      messages++;
      const allowed = options.onlyTo?.(event.src, n);
      if (allowed && !allowed.includes(event.dst)) problems.push(`device ${event.src} sent to ${event.dst}, which is not a neighbour`);
    }
    if (event.kind !== 'deliver') continue;
    const disclosed = Disclosed.safeParse(event.msg);
    if (disclosed.success) for (const secret of disclosed.data.secrets) told[event.dst]?.add(secret);
  }
  results.forEach((raw, device) => {
    const result = GossipResult.safeParse(raw);
    if (!result.success) return void problems.push(`device ${device} returned no secrets`);
    const known = new Set(result.data.secrets);
    const missing = [...Array(n).keys()].filter((secret) => !known.has(secret));
    if (missing.length > 0)
      problems.push(`device ${device} does not know secret${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).join(', ')}`);
    const unexplained = result.data.secrets.filter((secret) => !told[device]?.has(secret));
    if (unexplained.length > 0)
      problems.push(`device ${device} claims secret ${unexplained.slice(0, 5).join(', ')} that no delivered message disclosed`);
  });
  const budget = options.maxMessages?.(n);
  if (budget !== undefined && messages > budget) problems.push(`${messages} messages exceed the budget of ${budget}`);
  const optima = `one-way optimum 2n-2 = ${oneWayOptimum(n)}, two-way call optimum 2n-4 = ${callOptimum(n)}`;
  if (problems.length > 0) return { passed: false, details: `${problems.slice(0, 5).join('; ')} (${messages} messages)` };
  return { passed: true, details: `all ${n} devices know all ${n} secrets; ${messages} messages (${optima})` };
}
