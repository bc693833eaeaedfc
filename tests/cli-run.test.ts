import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerConnection } from '../src/transport/index.js';
import { amqpUrl, leftovers, processesMentioning } from './support/broker.js';
import { runCli, startCli, testRunId } from './support/cli.js';

const runIds: string[] = [];
function newRunId(tag: string): string {
  const id = testRunId(tag);
  runIds.push(id);
  return id;
}

afterEach(async () => {
  for (const runId of runIds.splice(0)) {
    expect(await leftovers(`fnsync.${runId}.`)).toEqual({ queues: [], exchanges: [], connections: [] });
    expect(await processesMentioning(runId)).toEqual([]);
  }
});

/** Binds a test queue to a run's bus as soon as the orchestrator has declared it. */
async function watchBus(
  runId: string,
  onMessage: (message: { type: string; slave?: number; round?: number }) => void,
): Promise<BrokerConnection> {
  const watcher = await BrokerConnection.connect({ url: amqpUrl(), name: `test-watcher-${runId}` });
  const bus = `fnsync.${runId}.bus`;
  const deadline = Date.now() + 20_000;
  while (!(await watcher.exchangeExists(bus))) {
    if (Date.now() > deadline) throw new Error(`${bus} never appeared`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const queue = await watcher.declareExclusiveQueue(bus);
  const { z } = await import('zod');
  await watcher.subscribe(queue, z.looseObject({ type: z.string(), slave: z.number().optional(), round: z.number().optional() }), {
    onMessage,
  });
  return watcher;
}

/** The pids of a process's children whose command line mentions `text`. */
async function childrenOf(parent: number, text: string): Promise<number[]> {
  const candidates = await processesMentioning(text);
  const children: number[] = [];
  for (const pid of candidates) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === parent) children.push(pid);
  }
  return children;
}

describe('fnsync run', () => {
  it('prints identical lists, timings and message counts with --json', async () => {
    const runId = newRunId('json');
    const result = await runCli(['run', '--slaves', '10', '--json', '--run-id', runId, '--amqp', amqpUrl()]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown> & {
      list: { writer: number; value: number }[];
      results: { slave: number; list: unknown[] }[];
      timings: Record<string, number>;
      messages: Record<string, number>;
    };
    expect(report).toMatchObject({ runId, slaves: 10, identical: true, runtime: 'local' });
    expect(report.list).toHaveLength(10);
    expect(report.results.map((r) => r.slave)).toEqual([...Array(10).keys()]);
    for (const r of report.results) expect(r.list).toEqual(report.list);
    expect(report.order).toEqual(report.list.map((e) => e.writer));
    for (const key of ['spawnMs', 'protocolMs', 'totalMs']) expect(report.timings[key]).toBeGreaterThan(0);
    expect(report.messages.published).toBe(10 + 55 + 22);
    expect(report.messages.delivered).toBe(22 * 11 + 10 + 55);
  });

  it('prints each slave list and a verdict line for people', async () => {
    const runId = newRunId('human');
    const result = await runCli(['run', '--slaves', '3', '--seed', '5', '--runtime', 'inline', '--run-id', runId]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    const lists = lines.slice(0, 3).map((l) => l.replace(/^\(\d\) /, ''));
    expect(new Set(lists).size).toBe(1);
    expect(lines[0]).toMatch(/^\(0\) \[\d+, \d+, \d+\]$/);
    expect(lines[3]).toMatch(/^OK: 3 slaves, identical lists, .*wall [\d.]+ s, protocol [\d.]+ ms/);
  });

  it('gives the same list and order for the same --seed', async () => {
    const args = (tag: string) => ['run', '--slaves', '8', '--seed', '99', '--json', '--runtime', 'inline', '--run-id', newRunId(tag)];
    const [a, b] = await Promise.all([runCli(args('seed-a')), runCli(args('seed-b'))]);
    const [ra, rb] = [JSON.parse(a.stdout) as { list: unknown; order: unknown }, JSON.parse(b.stdout) as { list: unknown; order: unknown }];
    expect(rb.list).toEqual(ra.list);
    expect(rb.order).toEqual(ra.order);
  });

  it('rejects and logs malformed messages on the master queue and the bus, and still succeeds', async () => {
    const runId = newRunId('malformed');
    const slaves = 40;
    const poison = await BrokerConnection.connect({ url: amqpUrl(), name: `test-poison-${runId}` });
    const running = startCli(['run', '--slaves', String(slaves), '--json', '--runtime', 'inline', '--run-id', runId, '--lease', '10000']);
    let onBus = 0;
    // Onto the bus once every queue is bound (`start`), while 40 rounds are still to come.
    const watcher = await watchBus(runId, (message) => {
      if (message.type !== 'start' || onBus > 0) return;
      const bus = `fnsync.${runId}.bus`;
      poison.publish(bus, { type: 'value', slave: 'x' });
      poison.publish(bus, 'not an object');
      poison.publish(bus, { type: 'grant', slave: 3, round: 0, extra: true });
      onBus = 3;
    });
    // Onto the master queue as soon as it exists (watchBus waited for the bus, declared just before it).
    poison.sendToQueue(`fnsync.${runId}.master`, { type: 'request' });
    poison.sendToQueue(`fnsync.${runId}.master`, { hello: 'world' });
    await poison.flush();
    const result = await running.done;
    await watcher.close();
    await poison.close();
    expect(onBus).toBe(3);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { identical: boolean; verification: { passed: boolean }; messages: { rejected: number } };
    expect(report.identical).toBe(true);
    expect(report.verification.passed).toBe(true);
    // 3 bad bus messages reach the 40 slaves and the master; 2 bad messages reach the master queue.
    expect(report.messages.rejected).toBe(3 * (slaves + 1) + 2);
    expect(result.stderr).toContain(`fnsync.${runId} master] rejected a message on the master queue`);
    expect(result.stderr).toContain(`fnsync.${runId} master] rejected a message on the bus`);
    expect(result.stderr).toMatch(new RegExp(`fnsync\\.${runId} slave\\.\\d+\\] rejected a message on the bus`));
  });

  it('ends with exit 3 naming the slave when a slave process is killed mid-run', async () => {
    const runId = newRunId('kill');
    const leaseMs = 3000;
    const slaves = 6;
    const running = startCli(['run', '--slaves', String(slaves), '--runtime', 'local', '--run-id', runId, '--lease', String(leaseMs)]);
    // Map slave ids to pids while they start (slave k is invocation k + 2: the master is 1).
    const pids = new Map<number, number>();
    const deadline = Date.now() + 20_000;
    while (pids.size < slaves && Date.now() < deadline) {
      for (const pid of await childrenOf(running.child.pid ?? -1, 'slave/index.js')) {
        const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
        const invocation = argv[argv.indexOf('--fnsync-invocation') + 1] ?? '';
        pids.set(Number(invocation.slice(runId.length + 1)) - 2, pid);
      }
    }
    expect(pids.size).toBe(slaves);
    let killedAt = 0;
    let victim = -1;
    const writers = new Set<number>();
    const watcher = await watchBus(runId, (message) => {
      if (message.type !== 'grant' || killedAt !== 0) return;
      writers.add(message.slave ?? -1);
      if (message.round !== 2) return;
      // A slave that has not written yet: the run cannot end without it.
      victim = [...pids.keys()].find((id) => !writers.has(id)) ?? -1;
      killedAt = Date.now();
      process.kill(pids.get(victim) ?? -1, 'SIGKILL');
    });
    const result = await running.done;
    await watcher.close();
    expect(killedAt).toBeGreaterThan(0);
    expect(result.code).toBe(3);
    expect(Date.now() - killedAt).toBeLessThan(leaseMs + 1000);
    expect(result.stderr.trim()).toMatch(
      new RegExp(`^fnsync: slave ${victim} \\(invocation ${runId}-${victim + 2}\\) was killed by SIGKILL`),
    );
  });

  it.each([
    [
      'the master queue',
      (runId: string, admin: BrokerConnection) => admin.deleteQueue(`fnsync.${runId}.master`),
      /the broker cancelled the consumer of fnsync\.\S+\.master/,
    ],
    [
      'the bus exchange',
      (runId: string, admin: BrokerConnection) => admin.deleteExchange(`fnsync.${runId}.bus`),
      /channel closed unexpectedly: .*NOT_FOUND - no exchange 'fnsync\.\S+\.bus'/,
    ],
  ])('ends with exit 3 and the cause when %s vanishes mid-run', async (_what, remove, cause) => {
    const runId = newRunId('vanish');
    const admin = await BrokerConnection.connect({ url: amqpUrl(), name: `test-admin-${runId}` });
    // A long lease and limit: only the broker-side failure can end this run early.
    const running = startCli([
      'run',
      '--slaves',
      '40',
      '--runtime',
      'inline',
      '--run-id',
      runId,
      '--lease',
      '30000',
      '--timeout',
      '120000',
    ]);
    let removedAt = 0;
    const watcher = await watchBus(runId, (message) => {
      if (message.type !== 'grant' || message.round !== 3 || removedAt !== 0) return;
      removedAt = Date.now();
      void remove(runId, admin);
    });
    const result = await running.done;
    await watcher.close();
    await admin.close();
    expect(removedAt).toBeGreaterThan(0);
    expect(result.code).toBe(3);
    expect(Date.now() - removedAt).toBeLessThan(5000);
    const last = result.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^fnsync: (master|slave \d+) \(invocation [^)]+\) failed: /);
    expect(last).toMatch(cause);
  });

  it('fails with exit 3 within 10 s on an unreachable broker, naming host and port and never the password', async () => {
    const result = await runCli(['run', '--slaves', '2', '--amqp', 'amqp://alice:s3cr3t-pw@127.0.0.1:1']);
    expect(result.code).toBe(3);
    expect(result.ms).toBeLessThan(10_000);
    expect(result.stderr).toContain('127.0.0.1:1');
    expect(result.stderr).not.toContain('s3cr3t-pw');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses wrong credentials with exit 3 and without the password', async () => {
    const url = new URL(amqpUrl());
    url.password = 'wrong-pass-123';
    const result = await runCli(['run', '--slaves', '2', '--amqp', url.toString()]);
    expect(result.code).toBe(3);
    expect(result.stderr).not.toContain('wrong-pass-123');
  });

  it.each([
    [['--slaves', '0'], '--slaves'],
    [['--slaves', '-1'], '--slaves'],
    [['--slaves', 'abc'], '--slaves'],
    [['--slaves', '1.5'], '--slaves'],
    [['--slaves', '1001', '--runtime', 'inline'], '--slaves: must be at most 1000'],
    [['--slaves', '251'], '--slaves: must be at most 250 on the local runtime'],
    [['--slaves', '3', '--runtime', 'docker'], '--runtime'],
    [['--slaves', '3', '--seed', 'x'], '--seed'],
    [['--slaves', '3', '--amqp', 'http://localhost'], '--amqp'],
    [['--slaves', '3', '--runtime', 'openwhisk'], '__OW_API_HOST and __OW_API_KEY'],
    [[], "required option '--slaves <n>' not specified"],
  ])('exits 2 with one line for %j and starts nothing', async (args, mention) => {
    const runId = newRunId('usage');
    const result = await runCli(['run', ...args, '--run-id', runId]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const errorLines = result.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('(run with --help'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain(mention);
  });
});
