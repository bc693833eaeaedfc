/**
 * The broker the tests use: AMQP_URL when given (CI and this machine), else a throwaway RabbitMQ
 * from testcontainers started by the global setup (tests/support/global-setup.ts), which exports
 * AMQP_URL and FNSYNC_MGMT_URL for the workers.
 */
export function amqpUrl(): string {
  return process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
}

/** The management API (for leak checks): FNSYNC_MGMT_URL, else port 15672 on the broker's host. */
export function managementUrl(): string {
  if (process.env.FNSYNC_MGMT_URL) return process.env.FNSYNC_MGMT_URL;
  const url = new URL(amqpUrl());
  const user = decodeURIComponent(url.username || 'guest');
  const pass = decodeURIComponent(url.password || 'guest');
  return `http://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@${url.hostname}:15672`;
}

async function management<T>(path: string): Promise<T> {
  const base = new URL(managementUrl());
  const auth = Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64');
  const response = await fetch(`${base.protocol}//${base.host}/api${path}`, { headers: { authorization: `Basic ${auth}` } });
  if (!response.ok) throw new Error(`management API ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export interface Leftovers {
  queues: string[];
  exchanges: string[];
  connections: string[];
}

/**
 * What is still on the broker under a name prefix (`fnsync.` or `fnsync.<runId>.`): queues,
 * exchanges, and connections by their connection_name. The management API lags a little behind
 * (its stats are refreshed every few seconds for connections), so this polls until clean or 10 s.
 */
export async function leftovers(prefix = 'fnsync.', waitMs = 10_000): Promise<Leftovers> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const [queues, exchanges, connections] = await Promise.all([
      management<{ name: string }[]>('/queues?columns=name'),
      management<{ name: string }[]>('/exchanges?columns=name'),
      management<{ client_properties?: { connection_name?: string } }[]>('/connections?columns=client_properties'),
    ]);
    const found: Leftovers = {
      queues: queues.map((q) => q.name).filter((n) => n.startsWith(prefix)),
      exchanges: exchanges.map((e) => e.name).filter((n) => n.startsWith(prefix)),
      connections: connections.map((c) => c.client_properties?.connection_name ?? '').filter((n) => n.startsWith(prefix)),
    };
    const clean = found.queues.length + found.exchanges.length + found.connections.length === 0;
    if (clean || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Processes whose command line mentions the text (a run id): children a run left behind. */
export async function processesMentioning(text: string): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
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
