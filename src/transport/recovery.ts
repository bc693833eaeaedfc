import * as z from 'zod/mini';

const count = z.int().check(z.minimum(0));

/** What a replicated connection went through: reconnects, copies it dropped, messages it sent again. */
export const RecoveryStats = z.strictObject({ reconnects: count, duplicates: count, resent: count });
export type RecoveryStats = z.infer<typeof RecoveryStats>;

/** Recovery summed over a run's connections; undefined when none was replicated. */
export function sumRecovery(all: readonly (RecoveryStats | undefined)[]): RecoveryStats | undefined {
  const present = all.filter((r) => r !== undefined);
  if (present.length === 0) return undefined;
  return present.reduce((a, b) => ({
    reconnects: a.reconnects + b.reconnects,
    duplicates: a.duplicates + b.duplicates,
    resent: a.resent + b.resent,
  }));
}
