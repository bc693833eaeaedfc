import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';

const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const CTL = '/usr/lib/rabbitmq/bin/rabbitmqctl';
/** How long a node may take to start (2 busy cores: 10-30 s is usual). */
const START_TIMEOUT_MS = 90_000;
/** How long one rabbitmqctl command may take. */
const CTL_TIMEOUT_MS = 60_000;

/** Whether this machine can start private RabbitMQ nodes (Debian's rabbitmq-server). */
export const rabbitNodesAvailable = existsSync(SERVER);

export interface RabbitNodeOptions {
  /** The folder its data, logs and config go under (default: a fresh temp dir, removed by stop()). */
  readonly dir?: string;
  /** The Erlang cookie: nodes of one cluster share it (default: a random one). */
  readonly cookie?: string;
}

/**
 * A RabbitMQ node of a test's own (its own node name, ports and data folder under a temp dir), for
 * tests that stop, freeze, kill or restart a broker: the shared broker at AMQP_URL is never
 * touched. The node has no plugins and lets guest in from anywhere on loopback. No vitest here:
 * the bench starts nodes too.
 */
export class RabbitNode {
  private process: ChildProcess;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly dir: string,
    private readonly ownsDir: boolean,
    private readonly cookie: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.process = launch(env, dir);
  }

  get amqpUrl(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  static async start(tag: string, options: RabbitNodeOptions = {}): Promise<RabbitNode> {
    const dir = options.dir ?? (await mkdtemp(join(tmpdir(), `fnsync-node-${tag}-`)));
    await mkdir(dir, { recursive: true });
    const [port, distPort] = [await freePort(), await freePort()];
    const name = `fnsync-${tag}-${process.pid}@localhost`;
    const cookie = options.cookie ?? randomBytes(16).toString('hex').toUpperCase();
    const home = join(dir, 'home');
    await mkdir(home, { recursive: true });
    await writeFile(join(home, '.erlang.cookie'), cookie);
    await chmod(join(home, '.erlang.cookie'), 0o400);
    await writeFile(join(dir, 'enabled_plugins'), '[].\n');
    await writeFile(join(dir, 'rabbitmq.conf'), `listeners.tcp.default = ${port}\nloopback_users = none\n`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
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
    };
    const node = new RabbitNode(name, port, dir, options.dir === undefined, cookie, env);
    try {
      await node.ready();
    } catch (error) {
      await node.stop();
      throw error;
    }
    return node;
  }

  /** Resolves once the node takes AMQP connections; fails if it exits or takes too long. */
  async ready(): Promise<void> {
    await poll(START_TIMEOUT_MS, `node ${this.name} to take connections`, async () => {
      if (this.process.exitCode !== null) throw new Error(`rabbitmq-server exited with ${this.process.exitCode}`);
      const connection = await connect(this.amqpUrl, { timeout: 1000 });
      await connection.close();
    });
  }

  /** Runs rabbitmqctl against this node (never the shared one: `-n` names ours, with our cookie). */
  async ctl(...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        CTL,
        ['-n', this.name, '--erlang-cookie', this.cookie, ...args],
        { timeout: CTL_TIMEOUT_MS, env: this.env },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`rabbitmqctl ${args.join(' ')} on ${this.name}: ${stderr.trim() || error.message}`));
          else resolve(stdout);
        },
      );
    });
  }

  /** SIGSTOP: the node accepts TCP connections and answers nothing, as a hung broker does. */
  async freeze(): Promise<void> {
    await this.signal('SIGSTOP');
  }

  async thaw(): Promise<void> {
    await this.signal('SIGCONT');
  }

  /** SIGKILL of its Erlang VM: the node dies as a machine that loses power does. */
  async kill(): Promise<void> {
    const exited = this.exited();
    await this.signal('SIGKILL');
    await exited;
  }

  /** Starts the node again from its data folder (after kill()), with the same name and ports. */
  async relaunch(): Promise<void> {
    if (!this.gone()) return;
    this.process = launch(this.env, this.dir);
    await this.ready();
  }

  /** Stops the node (thawed first) and removes its data folder, if it made it. */
  async stop(): Promise<void> {
    if (!this.gone()) {
      await this.signal('SIGCONT');
      const exited = this.exited();
      await this.signal('SIGTERM');
      const killer = setTimeout(() => void this.signal('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    }
    if (this.ownsDir) await rm(this.dir, { recursive: true, force: true });
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

  private gone(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  private exited(): Promise<unknown> {
    return this.gone() ? Promise.resolve() : new Promise((resolve) => this.process.once('exit', resolve));
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const pid = await this.vmPid();
    if (pid !== undefined) process.kill(pid, signal);
  }
}

function launch(env: NodeJS.ProcessEnv, dir: string): ChildProcess {
  return spawn(SERVER, [], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env });
}

/** Tries `attempt` every 250 ms until it resolves or `timeoutMs` passed (then fails with its last error). */
export async function poll(timeoutMs: number, what: string, attempt: () => Promise<unknown>): Promise<void> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (performance.now() > end) throw new Error(`waiting for ${what}: ${(error as Error).message}`, { cause: error });
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
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
