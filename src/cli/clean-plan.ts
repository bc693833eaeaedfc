/**
 * What `fnsync clean` removes, decided from a snapshot of the broker. Only names that start with
 * `fnsync.` are ever considered; they are grouped by run (`fnsync.<runId>.`). A run is stale when
 * no connection of it is open (its CLI or orchestrator died: a master or reply queue waiting for
 * its expiry, an exchange nobody bound), or, with `olderThanMs`, when all its connections were
 * opened longer ago than that (a run that hangs); a stale run loses its queues and exchanges, and
 * its connections are closed.
 */
export interface BrokerSnapshot {
  readonly queues: readonly string[];
  readonly exchanges: readonly string[];
  readonly connections: readonly { readonly id: string; readonly connectionName: string; readonly connectedAt: number }[];
}

export interface CleanPlan {
  readonly runs: string[];
  readonly queues: string[];
  readonly exchanges: string[];
  /** Broker ids and names of the connections to close. */
  readonly connections: { id: string; connectionName: string }[];
}

const PREFIX = 'fnsync.';

/** `fnsync.<runId>.<rest>` -> runId; anything else -> undefined. */
export function runOf(name: string): string | undefined {
  if (!name.startsWith(PREFIX)) return undefined;
  const end = name.indexOf('.', PREFIX.length);
  return end > PREFIX.length ? name.slice(PREFIX.length, end) : undefined;
}

export function planClean(snapshot: BrokerSnapshot, options: { now: number; olderThanMs?: number; runId?: string }): CleanPlan {
  const wanted = (run: string | undefined): run is string => run !== undefined && (options.runId === undefined || run === options.runId);
  const connectionsByRun = new Map<string, BrokerSnapshot['connections'][number][]>();
  for (const connection of snapshot.connections) {
    const run = runOf(connection.connectionName);
    if (!wanted(run)) continue;
    connectionsByRun.set(run, [...(connectionsByRun.get(run) ?? []), connection]);
  }
  const runs = new Set([...snapshot.queues, ...snapshot.exchanges].map(runOf).filter(wanted));
  for (const run of connectionsByRun.keys()) runs.add(run);
  const stale = [...runs].filter((run) => {
    const open = connectionsByRun.get(run) ?? [];
    if (open.length === 0) return true;
    const { olderThanMs } = options;
    return olderThanMs !== undefined && open.every((c) => options.now - c.connectedAt > olderThanMs);
  });
  const isStale = (name: string): boolean => {
    const run = runOf(name);
    return run !== undefined && stale.includes(run);
  };
  return {
    runs: stale.sort(),
    queues: snapshot.queues.filter(isStale).sort(),
    exchanges: snapshot.exchanges.filter(isStale).sort(),
    connections: snapshot.connections
      .filter((c) => isStale(c.connectionName))
      .map(({ id, connectionName }) => ({ id, connectionName }))
      .sort((a, b) => a.connectionName.localeCompare(b.connectionName)),
  };
}

/** `30s`, `10m`, `2h`, `1d`, or plain milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
