/**
 * What the broker's management API says about the node: its file-descriptor limit decides
 * whether N = 1000 (a connection per function) can run at all.
 */
export interface BrokerInfo {
  /** Where the management API was asked, without credentials; null when it did not answer. */
  managementUrl: string | null;
  rabbitmqVersion: string | null;
  erlangVersion: string | null;
  fdTotal: number | null;
  fdUsed: number | null;
  error?: string;
}

/** FNSYNC_MGMT_URL, else the AMQP URL's host and credentials on port 15672. */
function managementUrlFor(amqpUrl: string, env: NodeJS.ProcessEnv = process.env): URL {
  if (env.FNSYNC_MGMT_URL) return new URL(env.FNSYNC_MGMT_URL);
  const amqp = new URL(amqpUrl);
  const url = new URL(`http://${amqp.hostname}:15672`);
  url.username = amqp.username || 'guest';
  url.password = amqp.password || 'guest';
  return url;
}

export async function brokerInfo(amqpUrl: string): Promise<BrokerInfo> {
  const base = managementUrlFor(amqpUrl);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`;
  const shown = `${base.protocol}//${base.host}`;
  const get = async (path: string): Promise<unknown> => {
    const response = await fetch(new URL(path, shown), { headers: { authorization: auth }, signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  };
  try {
    const overview = (await get('/api/overview')) as { rabbitmq_version?: string; erlang_version?: string };
    const nodes = (await get('/api/nodes')) as { fd_total?: number; fd_used?: number }[];
    const totals = nodes.map((n) => n.fd_total).filter((x): x is number => typeof x === 'number');
    return {
      managementUrl: shown,
      rabbitmqVersion: overview.rabbitmq_version ?? null,
      erlangVersion: overview.erlang_version ?? null,
      fdTotal: totals.length > 0 ? Math.min(...totals) : null,
      fdUsed: nodes[0]?.fd_used ?? null,
    };
  } catch (error) {
    return {
      managementUrl: null,
      rabbitmqVersion: null,
      erlangVersion: null,
      fdTotal: null,
      fdUsed: null,
      error: `management API at ${shown}: ${(error as Error).message}`,
    };
  }
}

/** Connections a synchronizer run at N holds open (master, N slaves, orchestrator) plus headroom. */
export const fdsNeeded = (slaves: number): number => slaves + 100;
