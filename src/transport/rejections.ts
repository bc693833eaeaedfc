/**
 * Why a message was not taken as input. The first four are decided by the transport, before the
 * message is decoded or validated; `impostor` and `unexpected` by the protocol that reads it.
 */
export const RejectReason = {
  /** Larger than the connection accepts: dropped unread. */
  TooLarge: 'too-large',
  /** No authentication tag (or not ours): anyone on the broker may publish. */
  Unauthenticated: 'unauthenticated',
  /** A tag that does not match: someone without the run's secret, or altered bytes. */
  Forged: 'forged',
  /** Not JSON, or not what the schema allows. */
  Invalid: 'invalid',
  /** Authentic, but its sender claims to be someone else (a slave's join for another slave). */
  Impostor: 'impostor',
  /** Authentic and well formed, but not what the protocol expects now (a grant for another round). */
  Unexpected: 'unexpected',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/** How many rejections of one reason are worth a log line each; the rest go into a summary. */
const LOG_FIRST = 3;

/**
 * Rejected messages counted by reason, so that a flood costs counters, not memory or stderr:
 * `count()` says whether this one is among the first few of its reason (log it), and `summary()`
 * says the rest in one line.
 */
export class Rejections {
  readonly byReason: Partial<Record<RejectReason, number>> = {};
  total = 0;

  /** Counts one; true if it should be logged (one of the first few of its reason). */
  count(reason: RejectReason): boolean {
    const seen = (this.byReason[reason] ?? 0) + 1;
    this.byReason[reason] = seen;
    this.total++;
    return seen <= LOG_FIRST;
  }

  /** The rejections that were not logged one by one, in one line; '' if there are none. */
  unlogged(): string {
    const parts = Object.entries(this.byReason)
      .filter(([, n]) => n > LOG_FIRST)
      .map(([reason, n]) => `${reason} ${n - LOG_FIRST}`);
    const more = Object.values(this.byReason).reduce((sum, n) => sum + Math.max(0, n - LOG_FIRST), 0);
    return more === 0 ? '' : `${more} more rejected messages (${parts.join(', ')})`;
  }

  /** All of them in one line: `1,234 (forged 1,200, invalid 34)`. */
  toString(): string {
    const parts = Object.entries(this.byReason).map(([reason, n]) => `${reason} ${n}`);
    return `${this.total} (${parts.join(', ')})`;
  }
}

/** Rejection counts by reason, summed over several connections (a run's functions, its devices). */
export function sumByReason(counts: readonly Partial<Record<string, number>>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const byReason of counts) for (const [reason, n] of Object.entries(byReason)) total[reason] = (total[reason] ?? 0) + (n ?? 0);
  return total;
}
