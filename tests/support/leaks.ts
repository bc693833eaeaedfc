import { readdir, readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { brokerLeakChecks, management } from './broker.js';

export interface Leftovers {
  queues: string[];
  exchanges: string[];
  connections: string[];
}

export const NOTHING_LEFT: Leftovers = { queues: [], exchanges: [], connections: [] };

/** What is on the broker now under a name prefix: queues, exchanges, connections (by connection_name). */
export async function brokerObjects(prefix: string): Promise<Leftovers> {
  const [queues, exchanges, connections] = await Promise.all([
    management<{ name: string }[]>('/queues?columns=name'),
    management<{ name: string }[]>('/exchanges?columns=name'),
    management<{ client_properties?: { connection_name?: string } }[]>('/connections?columns=client_properties'),
  ]);
  return {
    queues: queues.map((q) => q.name).filter((n) => n.startsWith(prefix)),
    exchanges: exchanges.map((e) => e.name).filter((n) => n.startsWith(prefix)),
    connections: connections.map((c) => c.client_properties?.connection_name ?? '').filter((n) => n.startsWith(prefix)),
  };
}

/** Processes whose command line mentions the text (a run id): children a run left behind. */
export async function processesMentioning(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').join(' ');
      if (cmdline.includes(text)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/**
 * Asserts that a run left nothing behind: no queue, exchange or connection named `fnsync.<runId>.*`
 * (the management API lags behind, by many seconds on a loaded 2-core machine, so this polls for up to 30 s) and no process
 * that mentions the run. Broker checks are skipped, with one line at the start of the suite, where
 * the management plugin is off.
 */
export async function expectNothingLeft(runId: string): Promise<void> {
  if (brokerLeakChecks()) {
    await expect.poll(() => brokerObjects(`fnsync.${runId}.`), { timeout: 30_000, interval: 250 }).toEqual(NOTHING_LEFT);
  }
  await expect.poll(() => processesMentioning(runId), { timeout: 5000, interval: 100 }).toEqual([]);
}
