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
    try {
      await expect.poll(() => brokerObjects(`fnsync.${runId}.`), { timeout: 30_000, interval: 250 }).toEqual(NOTHING_LEFT);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await describeConnections(`fnsync.${runId}.`)}`, { cause: error });
    }
  }
  await expect.poll(() => processesMentioning(runId), { timeout: 5000, interval: 100 }).toEqual([]);
}

interface ConnectionDetails {
  name: string;
  state?: string;
  peer_port?: number;
  connected_at?: number;
  channels?: number;
  recv_oct?: number;
  send_oct?: number;
  client_properties?: { connection_name?: string };
}

/**
 * What the broker says of the connections left under a prefix, and whether this machine still
 * has a TCP socket on each one's client port: a leak (a socket still open) is told apart from a
 * broker that has not yet noticed a close.
 */
async function describeConnections(prefix: string): Promise<string> {
  try {
    const all = await management<ConnectionDetails[]>('/connections');
    const left = all.filter((c) => c.client_properties?.connection_name?.startsWith(prefix));
    if (left.length === 0) return 'no connection left now';
    const open = await openLocalPorts();
    return left
      .map((c) => {
        const socket =
          c.peer_port !== undefined && open.has(c.peer_port)
            ? 'a socket on this machine still uses its port'
            : 'no socket on this machine uses its port';
        const age = c.connected_at === undefined ? '?' : `${Math.round((Date.now() - c.connected_at) / 1000)} s ago`;
        return `${c.client_properties?.connection_name ?? c.name}: ${c.state ?? '?'}, connected ${age}, ${c.channels ?? '?'} channels, ${c.recv_oct ?? '?'}/${c.send_oct ?? '?'} bytes in/out; ${socket}`;
      })
      .join('\n');
  } catch (error) {
    return `(could not describe the connections: ${(error as Error).message})`;
  }
}

/** Local ports of this machine's TCP sockets (IPv4 and IPv6) that are not closed. */
async function openLocalPorts(): Promise<Set<number>> {
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      // 07 is TCP_CLOSE.
      if (local === undefined || state === '07') continue;
      ports.add(Number.parseInt(local.split(':').at(-1) ?? '', 16));
    }
  }
  return ports;
}
