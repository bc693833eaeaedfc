import type { CheckContext, CheckResult, TraceEvent } from '../algorithm.js';
import { checkMutex } from './mutex-check.js';

/** Besides mutual exclusion: nobody declared a device crashed that had not (before the ring began to close). */
export function checkHeartbeatRing(results: readonly unknown[], trace: readonly TraceEvent[], context: CheckContext): CheckResult {
  const mutex = checkMutex(results, trace, context, {
    overhead: ['heartbeat'],
    figure: () => 'from 1 to unbounded token passes: the token moves even when nobody wants it',
  });
  const crashed = new Set<number>();
  const wrong: string[] = [];
  for (const event of trace) {
    if (event.kind === 'crash' && event.src !== null) crashed.add(event.src);
    if (event.kind === 'send' && event.type === 'token' && event.msg !== null && 'closing' in event.msg && event.msg.closing !== null)
      break;
    if (event.kind !== 'mark' || event.type !== 'suspects' || event.msg === null) continue;
    const suspect = event.msg.device;
    if (typeof suspect === 'number' && !crashed.has(suspect))
      wrong.push(`device ${String(event.src)} declared device ${suspect} crashed at seq ${event.seq}, but it had not`);
  }
  if (wrong.length === 0) return mutex;
  return { passed: false, details: `${wrong.slice(0, 3).join('; ')}; ${mutex.details}` };
}
