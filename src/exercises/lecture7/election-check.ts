import { z } from 'zod';
import type { CheckContext, CheckResult, TraceEvent } from '../algorithm.js';

const Leader = z.object({ leader: z.int().nonnegative() });
const Claimed = z.object({ leader: z.int().nonnegative().nullable() });

export interface ElectionCheckSpec {
  /** The leader a delivered message tells its receiver about, if it announces one. */
  readonly announces: (event: TraceEvent) => number | null;
  /** The textbook's message count, as text. */
  readonly figure?: (devices: number) => string;
}

/**
 * The checker of every election: devices mark `leader` ({leader}) once they know it, and the
 * trace shows when, next to every crash and delivery. It passes when
 * - every device alive at the end knows one and the same leader, and reports it;
 * - that leader is the highest id alive at the end; or, if it crashed, it had known itself the
 *   leader before that, as the highest id alive then (a crash after the election elects nobody
 *   else; noticing it needs a new election);
 * - every device that learned it from somebody else had received a message announcing it;
 * - the run ended by itself, also after a crash (not at quiescence, not at the timeout).
 */
export function checkElection(
  results: readonly unknown[],
  trace: readonly TraceEvent[],
  context: CheckContext,
  spec: ElectionCheckSpec,
): CheckResult {
  const n = context.devices;
  const problems: string[] = [];
  const crashedAt = new Map<number, number>();
  const learned = new Map<number, { leader: number; seq: number }>();
  const told = Array.from({ length: n }, () => new Set<number>());
  let messages = 0;

  for (const event of trace) {
    if (event.kind === 'send') messages++;
    if (event.kind === 'crash' && event.src !== null) crashedAt.set(event.src, event.seq);
    if (event.kind === 'deliver' && event.dst !== null) {
      const leader = spec.announces(event);
      if (leader !== null) told[event.dst]?.add(leader);
    }
    if (event.kind !== 'mark' || event.type !== 'leader' || event.src === null) continue;
    const device = event.src;
    const mark = Leader.safeParse(event.msg);
    if (!mark.success) {
      problems.push(`device ${device} marked 'leader' without naming one (seq ${event.seq})`);
      continue;
    }
    const leader = mark.data.leader;
    const earlier = learned.get(device);
    if (earlier !== undefined && earlier.leader !== leader)
      problems.push(`device ${device} changed its leader from ${earlier.leader} to ${leader} (seq ${event.seq})`);
    if (earlier === undefined) learned.set(device, { leader, seq: event.seq });
    if (leader !== device && !told[device]?.has(leader))
      problems.push(`device ${device} took ${leader} as its leader (seq ${event.seq}) before any message announced it`);
  }

  const crashedBy = (seq: number): number[] => [...crashedAt].filter(([, at]) => at < seq).map(([device]) => device);
  const live = [...Array(n).keys()].filter((device) => !crashedAt.has(device) && context.crashed[device] !== true);
  const leaders = new Map<number, number[]>();
  for (const device of live) {
    const known = learned.get(device);
    if (known === undefined) {
      problems.push(`device ${device} knows no leader`);
      continue;
    }
    leaders.set(known.leader, [...(leaders.get(known.leader) ?? []), device]);
    const result = Claimed.safeParse(results[device]);
    if (!result.success || result.data.leader !== known.leader)
      problems.push(
        `device ${device} reports leader ${result.success ? String(result.data.leader) : 'nothing'}, but marked ${known.leader}`,
      );
  }
  if (leaders.size > 1) {
    const split = [...leaders].map(([leader, devices]) => `${devices.join(', ')} follow ${leader}`).join('; ');
    problems.push(`${leaders.size} leaders: ${split}`);
  }
  const [leader] = leaders.size === 1 ? [...leaders.keys()] : [undefined];
  let note = '';
  if (leader !== undefined && !crashedAt.has(leader)) {
    const highest = Math.max(...live);
    if (leader !== highest) problems.push(`leader ${leader} is not the highest live id, ${highest}`);
  } else if (leader !== undefined) {
    const own = learned.get(leader);
    const crash = crashedAt.get(leader) ?? 0;
    const highest = own === undefined ? undefined : Math.max(...[...Array(n).keys()].filter((d) => !crashedBy(own.seq).includes(d)));
    if (own === undefined || own.leader !== leader || own.seq > crash)
      problems.push(`leader ${leader} crashed (seq ${crash}) without having known that it leads`);
    else if (leader !== highest) problems.push(`leader ${leader} is not the highest id that was alive when it won, ${String(highest)}`);
    else note = `; it crashed after it won, and a new election would be needed to notice`;
  }
  if (context.quiescent) problems.push('the run did not end by itself: it stopped at quiescence with devices still waiting');

  const figure = spec.figure ? ` (${spec.figure(n)})` : '';
  if (problems.length > 0) {
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more problems)` : '';
    return { passed: false, details: `${problems.slice(0, 5).join('; ')}${more}; ${messages} messages${figure}` };
  }
  const crashed = crashedAt.size === 0 ? '' : ` (${crashedAt.size} crashed)`;
  return {
    passed: true,
    details: `all ${live.length} live devices${crashed} know leader ${String(leader)}, the highest live id${note}; ${messages} messages${figure}`,
  };
}
