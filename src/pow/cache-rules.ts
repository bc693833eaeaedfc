import type { TraceRecord } from './actions.js';
import type { Violation } from './violation.js';
import { describe } from './violation.js';
import { provesWork } from './proof.js';

type CacheRecord = Extract<TraceRecord, { action: 'CacheAdd' | 'CacheRemove' | 'CacheHit' | 'CacheMiss' }>;

/**
 * The follow-up's cache rules, checked by replaying the coordinator's cache actions in its own
 * order: a hit is answered by a secret the cache holds with at least as many zeros; a miss finds
 * none; an add holds a valid secret and never overwrites (the old entry is removed first, and only
 * for one with more zeros); a remove takes out what is there.
 */
export function checkCache(records: readonly TraceRecord[]): Violation[] {
  const cache = records
    .filter(
      (r): r is CacheRecord => r.action === 'CacheAdd' || r.action === 'CacheRemove' || r.action === 'CacheHit' || r.action === 'CacheMiss',
    )
    .sort((a, b) => (a.clock[a.node] ?? 0) - (b.clock[b.node] ?? 0));
  const entries = new Map<string, { zeros: number; secret: string }>();
  const violations: Violation[] = [];
  const fail = (rule: string, record: CacheRecord, detail: string): void => {
    violations.push({ rule, message: `${detail}: ${describe(record)}` });
  };
  for (const record of cache) {
    const key = record.Nonce.join(',');
    const entry = entries.get(key);
    const secret = record.action === 'CacheMiss' ? '' : record.Secret.join(',');
    switch (record.action) {
      case 'CacheHit':
        if (entry === undefined || entry.zeros < record.NumTrailingZeros || entry.secret !== secret)
          fail('cache-hit', record, 'a hit the cache could not answer');
        break;
      case 'CacheMiss':
        if (entry !== undefined && entry.zeros >= record.NumTrailingZeros)
          fail('cache-miss', record, 'a miss the cache could have answered');
        break;
      case 'CacheAdd':
        if (!provesWork(record.Nonce, record.Secret, record.NumTrailingZeros))
          fail('cache-add', record, 'an added secret that does not prove the work');
        if (entry !== undefined) fail('cache-add', record, 'an add over an entry that was not removed');
        entries.set(key, { zeros: record.NumTrailingZeros, secret });
        break;
      case 'CacheRemove':
        if (entry?.secret !== secret || entry.zeros !== record.NumTrailingZeros)
          fail('cache-remove', record, 'a remove of an entry the cache does not hold');
        entries.delete(key);
        break;
    }
  }
  return violations;
}
