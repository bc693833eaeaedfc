import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RabbitNode, poll, rabbitNodesAvailable } from './rabbit-node.js';

/** Whether this machine can start a throwaway cluster (Debian's rabbitmq-server is installed). */
export const clusterAvailable = rabbitNodesAvailable;

export interface QueueDetail {
  readonly name: string;
  /** Its `x-expires` in ms, or 0 when it has none. */
  readonly expires: number;
}

/**
 * A throwaway RabbitMQ cluster of the test's own (default three nodes, free ports, data under one
 * temp dir): nodes 2..n join node 1 with rabbitmqctl. Faults by node index: stop_app/start_app,
 * kill (SIGKILL of that node's VM) and restart. Never touches the shared broker.
 */
export class RabbitCluster {
  private constructor(
    readonly nodes: readonly RabbitNode[],
    private readonly dir: string,
  ) {}

  /** One AMQP URL per node, in node order. */
  get urls(): string[] {
    return this.nodes.map((node) => node.amqpUrl);
  }

  static async start(tag: string, size = 3): Promise<RabbitCluster> {
    const dir = await mkdtemp(join(tmpdir(), `fnsync-cluster-${tag}-`));
    const cookie = randomBytes(16).toString('hex').toUpperCase();
    const started = await Promise.allSettled(
      Array.from({ length: size }, (_, i) => RabbitNode.start(`${tag}-${i + 1}`, { dir: join(dir, `node-${i + 1}`), cookie })),
    );
    const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const cluster = new RabbitCluster(nodes, dir);
    try {
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      const [first, ...others] = nodes;
      if (first === undefined) throw new Error('a cluster needs a node');
      for (const node of others) {
        await node.ctl('stop_app');
        await node.ctl('join_cluster', first.name);
        await node.ctl('start_app');
      }
      await poll(60_000, `${size} running nodes`, async () => {
        const running = await cluster.runningNodes();
        if (running.length !== size) throw new Error(`${running.length} running`);
      });
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** The names of the nodes the cluster says are running, asked of the first node that answers. */
  async runningNodes(): Promise<string[]> {
    const status = await this.ask((node) => node.ctl('cluster_status', '--formatter', 'json'));
    return (JSON.parse(status) as { running_nodes: string[] }).running_nodes;
  }

  /** stop_app: RabbitMQ stops on that node (its connections are closed) while its VM stays up. */
  async stopApp(index: number): Promise<void> {
    await this.node(index).ctl('stop_app');
  }

  async startApp(index: number): Promise<void> {
    const node = this.node(index);
    await node.ctl('start_app');
    await node.ready();
  }

  /** SIGKILL of the node's VM: no goodbye to its clients or its peers. */
  async kill(index: number): Promise<void> {
    await this.node(index).kill();
  }

  /** Starts a killed node again; it rejoins the cluster from its data folder. */
  async restart(index: number): Promise<void> {
    await this.node(index).relaunch();
  }

  /** The index of the node that leads a quorum queue now. */
  async leaderOf(queue: string): Promise<number> {
    const rows = await this.listQueues('name', 'leader');
    const leader = rows.find(([name]) => name === queue)?.[1];
    const index = this.nodes.findIndex((node) => node.name === leader);
    if (index < 0) throw new Error(`no leader known for ${queue}`);
    return index;
  }

  async queueNames(): Promise<string[]> {
    return (await this.listQueues('name')).map(([name]) => name ?? '');
  }

  /** Every queue whose name starts with `prefix`, with its expiry. */
  async queueDetails(prefix: string): Promise<QueueDetail[]> {
    const rows = await this.listQueues('name', 'arguments');
    return rows
      .filter(([name]) => name?.startsWith(prefix))
      .map(([name, args]) => ({ name: name ?? '', expires: Number(/"x-expires",(\d+)/.exec(args ?? '')?.[1] ?? 0) }));
  }

  /** Stops every node (bounded: SIGKILL after 20 s) and removes the cluster's folder. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.nodes.map((node) => node.stop()));
    await rm(this.dir, { recursive: true, force: true });
  }

  private node(index: number): RabbitNode {
    const node = this.nodes[index];
    if (node === undefined) throw new RangeError(`no node ${index} in a cluster of ${this.nodes.length}`);
    return node;
  }

  private async listQueues(...fields: string[]): Promise<string[][]> {
    const out = await this.ask((node) => node.ctl('list_queues', '--quiet', '--no-table-headers', ...fields));
    return out
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.split('\t'));
  }

  /** Asks the first node that answers (some may be stopped or killed). */
  private async ask(question: (node: RabbitNode) => Promise<string>): Promise<string> {
    let last: unknown;
    for (const node of this.nodes) {
      try {
        return await question(node);
      } catch (error) {
        last = error;
      }
    }
    throw last instanceof Error ? last : new Error('no node answered');
  }
}
