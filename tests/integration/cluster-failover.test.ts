import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { z } from 'zod';
import { renderMandelbrotPng } from '../../src/nodes/index.js';
import { WORKER_RUN_FLAG } from '../../src/orchestrator/runtimes/worker-protocol.js';
import { BrokerConnection, firstNode } from '../../src/transport/index.js';
import { startCli, type CliResult } from '../support/cli.js';
import { test } from '../support/fixtures.js';
import { processesMentioning } from '../support/leaks.js';
import { RabbitCluster, clusterAvailable } from '../support/rabbit-cluster.js';

/**
 * Runs that lose a RabbitMQ node mid-run, on a throwaway 3-node cluster of the test's own (never
 * the shared broker): they reconnect to the surviving nodes, their quorum queues elect new
 * leaders, and they verify; a run whose cluster loses its majority fails with exit 3 naming the
 * lost nodes.
 */
if (!clusterAvailable)
  console.warn('cluster failover tests skipped: rabbitmq-server is not installed here (apt-get install rabbitmq-server)');

interface Recovery {
  reconnects: number;
  duplicates: number;
  resent: number;
}
interface RunJson {
  identical: boolean;
  verification: { passed: boolean; problems: string[] };
  messages: { recovery?: Recovery };
}
interface ExerciseJson {
  check: { passed: boolean; details: string };
  messages: { total: number; recovery?: Recovery };
}

/** What the tests look at on a bus or a wire: its kind. */
const Watched = z.looseObject({ type: z.string().optional(), k: z.string().optional() });

/** The node the tests' runs declare their master queue on (see onNode1). */
const LEADER = 1;

/** When a run's fault is done (see runThrough). */
type When = 'declared' | 'start' | 'value' | 'frozen';

describe.skipIf(!clusterAvailable)('a run survives the loss of a broker node', () => {
  let cluster: RabbitCluster;
  const amqp = (): string[] => cluster.urls.flatMap((url) => ['--amqp', url]);

  beforeAll(async () => {
    cluster = await RabbitCluster.start('failover');
  }, 180_000);

  afterAll(async () => {
    await cluster.stop();
  }, 60_000);

  /**
   * A queue of the test's own on a run's fanout exchange (through node 0): `seen(kind)` resolves at
   * the first message of that kind (a bus message's `type`, a wire message's `k`).
   */
  async function watch(exchange: string): Promise<{ seen(kind: string): Promise<void>; close(): Promise<void> }> {
    const watcher = await BrokerConnection.connect({ url: cluster.urls[0] ?? '', name: `test-watcher-${exchange}` });
    const types = new Set<string>();
    const waiting = new Map<string, () => void>();
    try {
      await expect.poll(() => watcher.exchangeExists(exchange), { timeout: 60_000, interval: 20 }).toBe(true);
      await watcher.subscribe(await watcher.declareExclusiveQueue(exchange), Watched, {
        onMessage: ({ type, k }) => {
          const kind = type ?? k ?? '?';
          types.add(kind);
          waiting.get(kind)?.();
        },
      });
    } catch (error) {
      await watcher.close();
      throw error;
    }
    return {
      seen: (type) =>
        types.has(type)
          ? Promise.resolve()
          : new Promise((resolve, reject) => {
              const timer = setTimeout(() => {
                reject(new Error(`no ${type} on ${exchange} within 60 s`));
              }, 60_000);
              waiting.set(type, () => {
                clearTimeout(timer);
                resolve();
              });
            }),
      close: () => watcher.close(),
    };
  }

  async function expectRunGone(runId: string): Promise<void> {
    await expect
      .poll(async () => (await cluster.queueNames()).filter((name) => name.startsWith(`fnsync.${runId}.`)), {
        timeout: 30_000,
        interval: 500,
      })
      .toEqual([]);
  }

  /**
   * A run id whose orchestrator connects to node 1 first: it declares the master queue there, so
   * node 1 leads it (a quorum queue starts on its declaring client's node). Known in advance, the
   * fault can land at once (finding a leader with rabbitmqctl takes a second or more, as long as a
   * small run lasts).
   */
  function onNode1(newRunId: (tag: string) => string, tag: string): string {
    let id = newRunId(tag);
    while (firstNode(`fnsync.${id}.orchestrator`, cluster.urls.length) !== LEADER) id = newRunId(tag);
    return id;
  }

  /**
   * Runs the synchronizer and, once the run is at `when` (`declared`: its functions are starting
   * and joining; `start`: every slave joined; `value`: rounds under way; `frozen`: every slave
   * joined, and the functions' processes are stopped until the fault is done), does `fault` to the
   * node leading the master queue.
   */
  async function runThrough(runId: string, args: string[], when: When, fault: (leader: number) => Promise<void>): Promise<CliResult> {
    const cli = startCli(['run', ...args, ...amqp(), '--run-id', runId, '--json'], { killAfterMs: 240_000 });
    const bus = await watch(`fnsync.${runId}.bus`);
    const frozen: number[] = [];
    try {
      if (when === 'frozen') {
        await bus.seen('start');
        // The run's function processes (local), stopped: the run waits for them while the fault acts.
        frozen.push(...(await processesMentioning(`${WORKER_RUN_FLAG} ${runId}`)));
        for (const pid of frozen) process.kill(pid, 'SIGSTOP');
      } else if (when !== 'declared') {
        await bus.seen(when);
      }
      await fault(LEADER);
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
      await bus.close();
    }
    return cli.done;
  }

  function expectVerified(result: CliResult): RunJson {
    expect(result.code, `${result.stdout}\n${result.stderr.slice(-1500)}`).toBe(0);
    const report = JSON.parse(result.stdout) as RunJson;
    expect(report.verification.passed).toBe(true);
    expect(report.identical).toBe(true);
    return report;
  }

  /**
   * A run through a fault, again (up to five times) while the fault lands after the run ended: a
   * stop_app takes seconds to act (4.3 s here), and a small run may be done by then. Verified each
   * time; mid-run at least once, which the run itself shows: a connection on the lost node (the
   * orchestrator's) reconnected.
   */
  async function survives(
    tag: string,
    newRunId: (tag: string) => string,
    args: string[],
    when: When,
    fault: (leader: number) => Promise<void>,
    recover: (leader: number) => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const id = onNode1(newRunId, `${tag}${attempt}`);
      const result = await runThrough(id, args, when, fault);
      let landed = false;
      try {
        const report = expectVerified(result);
        landed = (report.messages.recovery?.reconnects ?? 0) > 0;
      } finally {
        await recover(LEADER);
      }
      await expectRunGone(id);
      if (landed || attempt === 5) {
        expect(landed, 'the fault landed after the run ended, five times').toBe(true);
        return;
      }
    }
  }

  const faults = {
    'stopped (stop_app)': { fault: (node: number) => cluster.stopApp(node), recover: (node: number) => cluster.startApp(node) },
    'killed outright': { fault: (node: number) => cluster.kill(node), recover: (node: number) => cluster.restart(node) },
  };
  const inline100 = ['--slaves', '100', '--runtime', 'inline'];
  const local30 = ['--slaves', '30', '--runtime', 'local'];
  // [run, fault, its tag, the run's arguments, when the fault lands]. A stop_app takes seconds to
  // act (rabbitmqctl starts, the node hands its leaders over: 4.3 s here), longer than 30 slaves on
  // local take from start to `done`: their processes are stopped while it acts (at N = 100, it is
  // issued as the run is declared, and acts while the functions start and join). The slaves that
  // reconnect then consume their queues while those elect leaders, when RabbitMQ 3.10 sometimes
  // answers a consume twice (amqplib closes that link): the case that lost grants before.
  test.for([
    ['N = 30 on local', 'stopped (stop_app)', 'cl-local', local30, 'frozen'],
    ['N = 100 on inline', 'stopped (stop_app)', 'cl-inline', inline100, 'declared'],
    ['N = 30 on local', 'killed outright', 'cl-kill', local30, 'value'],
    ['N = 100 on inline', 'killed outright', 'cl-inline-kill', inline100, 'value'],
  ] as const)('%s: the node leading the master queue is %s', async ([, fault, tag, args, when], { runId }) => {
    await survives(tag, runId, [...args], when, faults[fault].fault, faults[fault].recover);
  });

  test('a replicated connection closed while it reconnects lets the reconnect end, then deletes its own queue', async ({ runId }) => {
    let name = `fnsync.${runId('cl-close')}.own`;
    while (firstNode(name, cluster.urls.length) !== LEADER) name = `fnsync.${runId('cl-close')}.own`;
    const connection = await BrokerConnection.connect({ url: cluster.urls.join(','), name, replicated: true });
    let killed = false;
    try {
      // Declared from node 1, the quorum queue is led there: consuming it again after its loss waits for an election.
      const queue = await connection.declareExclusiveQueue();
      await connection.subscribe(queue, z.unknown(), { onMessage: () => undefined });
      await cluster.kill(LEADER);
      killed = true;
      await expect.poll(() => connection.reconnecting, { timeout: 30_000, interval: 1 }).toBe(true);
      // Half of the budget may go to the reconnect: its own limit, 30 s.
      await connection.close(60_000);
      expect(connection.recovery.reconnects).toBe(1);
      expect(await cluster.queueNames()).not.toContain(queue);
    } finally {
      await connection.close();
      if (killed) await cluster.restart(LEADER);
    }
  });

  test('Gossip on amqp: a node is killed mid-gossip, every device still learns every secret once', async ({ runId }) => {
    const id = runId('cl-gossip');
    const devices = 100;
    const args = ['--lecture', '1', '--algorithm', 'Gossip', '--type', 'sync', '--transport', 'amqp', '--devices', String(devices)];
    const cli = startCli(['exercise', ...args, '--seed', '7', ...amqp(), '--run-id', id, '--json'], { killAfterMs: 240_000 });
    const wire = await watch(`fnsync.${id}.wire`);
    try {
      await wire.seen('msg');
      await cluster.kill(1);
    } finally {
      await wire.close();
    }
    const result = await cli.done;
    await cluster.restart(1);
    expect(result.code, `${result.stdout}\n${result.stderr.slice(-1500)}`).toBe(0);
    const report = JSON.parse(result.stdout) as ExerciseJson;
    expect(report.check.passed, report.check.details).toBe(true);
    // Copies (sent again, delivered again) are dropped: every device sends each of the others one message.
    expect(report.messages.total).toBe(devices * (devices - 1));
    expect(report.messages.recovery?.reconnects ?? 0).toBeGreaterThan(0);
    await expectRunGone(id);
  });

  test('the node layer: a Mandelbrot render over 3 nodes survives a kill of the broker node leading its work queue', async ({ runId }) => {
    const name = runId('cl-mandel');
    const size = 4096;
    const dir = await mkdtemp(join(tmpdir(), 'fnsync-cl-mandel-'));
    const out = join(dir, 'm.png');
    const cli = startCli(
      ['demo', 'mandelbrot', '--nodes', '3', '--size', String(size), '--out', out, '--cluster', name, '--json', ...amqp()],
      {
        killAfterMs: 240_000,
      },
    );
    const work = `fnsync.${name}.fn.mandelbrot-block`;
    let leader = -1;
    try {
      // The coordinator creates the blocks' array, then dispatches them (a few seconds of render at
      // this size): kill the node leading the work queue then, where whoever declared it is connected.
      const bus = await watch(`fnsync.${name}.bus`);
      await bus.seen('var-created').finally(() => bus.close());
      leader = await cluster.leaderOf(work);
      await cluster.kill(leader);
      const result = await cli.done;
      expect(result.code, `${result.stdout}\n${result.stderr.slice(-1500)}`).toBe(0);
      // Its connections on the lost node moved to another one, and the picture is the same.
      expect(result.stderr).toMatch(/reconnected to/);
      const summary = JSON.parse(result.stdout) as { blocksPerNode: Record<string, number> };
      expect(Object.values(summary.blocksPerNode).reduce((a, b) => a + b, 0)).toBe(64);
      expect((await readFile(out)).equals(renderMandelbrotPng(size))).toBe(true);
    } finally {
      cli.child.kill('SIGKILL');
      if (leader >= 0) await cluster.restart(leader);
      await rm(dir, { recursive: true, force: true });
    }
    // What the kill kept from being deleted carries an expiry: the cluster's shared queues, which
    // the last node out finds still "in use" (a quorum queue counts the killed node's consumers until
    // that node is back), and the own queue of a node that could not delete it within its close
    // budget (its connection still reconnecting, or the queue still electing a leader).
    for (const queue of await cluster.queueDetails(`fnsync.${name}.`)) expect(queue.expires, queue.name).toBeGreaterThan(0);
  });

  test('a cluster that loses its majority ends the run with exit 3 within its deadline, naming the lost nodes', async ({ runId }) => {
    const id = runId('cl-major');
    const timeoutMs = 20_000;
    const began = performance.now();
    const cli = startCli(
      ['run', '--slaves', '20', '--runtime', 'local', ...amqp(), '--run-id', id, '--json', '--timeout', String(timeoutMs)],
      {
        killAfterMs: 120_000,
      },
    );
    const bus = await watch(`fnsync.${id}.bus`);
    await bus.seen('value').finally(() => bus.close());
    await Promise.all([cluster.kill(1), cluster.kill(2)]);
    const result = await cli.done;
    const tookMs = performance.now() - began;
    try {
      expect(result.code, result.stderr).toBe(3);
      const lost = [1, 2].map((node) => new URL(cluster.urls[node] ?? '').host);
      for (const node of lost) expect(result.stderr).toContain(node);
      expect(result.stderr).toMatch(/lost 2 of 3 nodes/);
      // Its deadline, and the teardown's own bound (10 s) after it: a bound on the wait, not a speed.
      expect(tookMs).toBeLessThan(timeoutMs + 30_000);
    } finally {
      await Promise.all([cluster.restart(1), cluster.restart(2)]);
    }
    // What the lost majority kept the run from deleting carries an expiry: nothing stays for good.
    for (const queue of await cluster.queueDetails(`fnsync.${id}.`)) expect(queue.expires, queue.name).toBeGreaterThan(0);
  });
});
