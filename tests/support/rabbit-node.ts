import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { vi } from 'vitest';

const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

/** Whether this machine can start private RabbitMQ nodes (Debian's rabbitmq-server). */
export const rabbitNodesAvailable = existsSync(SERVER);

/**
 * A RabbitMQ node of a test's own (its own node name, ports and data folder under a temp dir), for
 * tests that stop, freeze or restart a broker: the shared broker at AMQP_URL is never touched. The
 * node has no plugins and lets guest in from anywhere on loopback.
 */
export class RabbitNode {
  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly dir: string,
    private readonly process: ChildProcess,
  ) {}

  get amqpUrl(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  static async start(tag: string): Promise<RabbitNode> {
    const dir = await mkdtemp(join(tmpdir(), `fnsync-node-${tag}-`));
    const [port, distPort] = [await freePort(), await freePort()];
    const name = `fnsync-${tag}-${process.pid}@localhost`;
    await mkdir(join(dir, 'home'));
    await writeFile(join(dir, 'enabled_plugins'), '[].\n');
    await writeFile(join(dir, 'rabbitmq.conf'), `listeners.tcp.default = ${port}\nloopback_users = none\n`);
    const child = spawn(SERVER, [], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        HOME: join(dir, 'home'),
        RABBITMQ_NODENAME: name,
        RABBITMQ_NODE_PORT: String(port),
        RABBITMQ_DIST_PORT: String(distPort),
        RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
        RABBITMQ_LOG_BASE: join(dir, 'log'),
        RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
        RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
        // Not the machine's rabbitmq-env.conf, which names the shared node.
        RABBITMQ_CONF_ENV_FILE: join(dir, 'none'),
        RABBITMQ_PID_FILE: join(dir, 'pid'),
      },
    });
    const node = new RabbitNode(name, port, dir, child);
    try {
      await vi.waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`rabbitmq-server exited with ${child.exitCode}`);
          const connection = await connect(node.amqpUrl, { timeout: 1000 });
          await connection.close();
        },
        { timeout: 60_000, interval: 250 },
      );
    } catch (error) {
      await node.stop();
      throw error;
    }
    return node;
  }

  /** SIGSTOP: the node accepts TCP connections and answers nothing, as a hung broker does. */
  async freeze(): Promise<void> {
    await this.signal('SIGSTOP');
  }

  async thaw(): Promise<void> {
    await this.signal('SIGCONT');
  }

  /** Stops the node (thawed first) and removes its data folder. */
  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      await this.signal('SIGCONT');
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      await this.signal('SIGTERM');
      const killer = setTimeout(() => void this.signal('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  /** The node's Erlang VM: a descendant of the start script we spawned (never the shared broker). */
  async vmPid(): Promise<number | undefined> {
    const root = this.process.pid;
    if (root === undefined) return undefined;
    const parents = new Map<number, number>();
    const commands = new Map<number, string>();
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      const close = stat.lastIndexOf(')');
      if (close < 0) continue;
      commands.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
      parents.set(Number(entry), Number(stat.slice(close + 2).split(' ')[1]));
    }
    const descends = (pid: number): boolean => {
      for (let at: number | undefined = pid; at !== undefined && at > 1; at = parents.get(at)) if (at === root) return true;
      return false;
    };
    return [...commands].find(([pid, command]) => command === 'beam.smp' && descends(pid))?.[0];
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const pid = await this.vmPid();
    if (pid !== undefined) process.kill(pid, signal);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });
}
