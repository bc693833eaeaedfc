import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { describe, expect, vi } from 'vitest';
import { BrokerConnection } from '../../src/transport/index.js';
import { amqpUrl } from '../support/broker.js';
import { runCli, startCli } from '../support/cli.js';
import { test } from '../support/fixtures.js';
import { processesMentioning } from '../support/leaks.js';

/** Binds a test queue to a run's bus as soon as the orchestrator has declared it. */
async function watchBus(
  runId: string,
  onMessage: (message: { type: string; slave?: number; round?: number }) => void,
): Promise<BrokerConnection> {
  const watcher = await BrokerConnection.connect({ url: amqpUrl(), name: `test-watcher-${runId}` });
  const bus = `fnsync.${runId}.bus`;
  await expect.poll(() => watcher.exchangeExists(bus), { timeout: 20_000, interval: 10 }).toBe(true);
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
  test('prints identical lists, timings and message counts with --json', async ({ runId: newRunId }) => {
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
    // isolate is the default runtime.
    expect(report).toMatchObject({ runId, slaves: 10, identical: true, runtime: 'isolate' });
    expect(report.list).toHaveLength(10);
    expect(report.results.map((r) => r.slave)).toEqual([...Array(10).keys()]);
    for (const r of report.results) expect(r.list).toEqual(report.list);
    expect(report.order).toEqual(report.list.map((e) => e.writer));
    for (const key of ['spawnMs', 'protocolMs', 'totalMs']) expect(report.timings[key]).toBeGreaterThan(0);
    expect(report.messages.published).toBe(4 * 10 + 2);
    expect(report.messages.delivered).toBe(10 * 10 + 6 * 10 + 2);
  });

  test('prints each slave list and a verdict line for people', async ({ runId: newRunId }) => {
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

  test('gives the same list and order for the same --seed', async ({ runId: newRunId }) => {
    const args = (tag: string) => ['run', '--slaves', '8', '--seed', '99', '--json', '--runtime', 'inline', '--run-id', newRunId(tag)];
    const [a, b] = await Promise.all([runCli(args('seed-a')), runCli(args('seed-b'))]);
    const [ra, rb] = [JSON.parse(a.stdout) as { list: unknown; order: unknown }, JSON.parse(b.stdout) as { list: unknown; order: unknown }];
    expect(rb.list).toEqual(ra.list);
    expect(rb.order).toEqual(ra.order);
  });

  test('rejects and logs malformed messages on the master queue and the bus, and still succeeds', async ({ runId: newRunId }) => {
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
    const report = JSON.parse(result.stdout) as {
      identical: boolean;
      verification: { passed: boolean };
      messages: { rejected: number; rejectedBy: Record<string, number> };
    };
    expect(report.identical).toBe(true);
    expect(report.verification.passed).toBe(true);
    // 3 bad bus messages reach the 40 slaves and the master; 2 bad messages reach the master queue.
    // None carries the run's tag, so each is refused before it is even decoded.
    expect(report.messages.rejected).toBe(3 * (slaves + 1) + 2);
    expect(report.messages.rejectedBy).toEqual({ unauthenticated: 3 * (slaves + 1) + 2 });
    // Each function logs the first three of a reason, whichever queue they came on, then sums the rest.
    expect(result.stderr).toMatch(
      new RegExp(`fnsync\\.${runId} master\\] rejected a message on the (bus|master queue) \\(unauthenticated\\)`),
    );
    expect(result.stderr).toMatch(new RegExp(`fnsync\\.${runId} master\\] 2 more rejected messages \\(unauthenticated 2\\)`));
    expect(result.stderr).toMatch(new RegExp(`fnsync\\.${runId} slave\\.\\d+\\] rejected a message on its queue \\(unauthenticated\\)`));
  });

  test('ends with exit 3 naming the slave when a slave process is killed mid-run', async ({ runId: newRunId }) => {
    const runId = newRunId('kill');
    const leaseMs = 3000;
    const slaves = 6;
    const running = startCli(['run', '--slaves', String(slaves), '--runtime', 'local', '--run-id', runId, '--lease', String(leaseMs)], {
      killAfterMs: 30_000,
    });
    // Map slave ids to pids while they start (slave k is invocation k + 2: the master is 1).
    const pids = new Map<number, number>();
    await vi.waitFor(
      async () => {
        for (const pid of await childrenOf(running.child.pid ?? -1, 'slave/index.js')) {
          const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
          const invocation = argv[argv.indexOf('--fnsync-invocation') + 1] ?? '';
          pids.set(Number(invocation.slice(runId.length + 1)) - 2, pid);
        }
        expect(pids.size).toBe(slaves);
      },
      { timeout: 20_000, interval: 20 },
    );
    // At once: the slaves have just started (the run cannot end before every one has joined and
    // been granted a round), and a bus watcher could miss a run this short.
    const victim = 0;
    process.kill(pids.get(victim) ?? -1, 'SIGKILL');
    const result = await running.done;
    // The crash ends the run, not the lease (3 s) nor the run's limit (60 s); the CLI guard is far above them.
    expect(result.code).toBe(3);
    expect(result.stderr.trim()).toMatch(
      new RegExp(`^fnsync: slave ${victim} \\(invocation ${runId}-${victim + 2}\\) was killed by SIGKILL`),
    );
  });

  test.for([
    [
      'the master queue',
      (runId: string, admin: BrokerConnection) => admin.deleteQueue(`fnsync.${runId}.master`),
      /the broker cancelled the consumer of fnsync\.\S+\.master/,
    ],
    [
      'the bus exchange',
      (runId: string, admin: BrokerConnection) => admin.deleteExchange(`fnsync.${runId}.bus`),
      /channel to \S+ closed unexpectedly: .*NOT_FOUND - no exchange 'fnsync\.\S+\.bus'/,
    ],
  ] as const)('ends with exit 3 and the cause when %s vanishes mid-run', async ([, remove, cause], { runId: newRunId }) => {
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
    let removed = false;
    const watcher = await watchBus(runId, (message) => {
      if (message.type !== 'value' || message.round !== 3 || removed) return;
      removed = true;
      void remove(runId, admin);
    });
    const result = await running.done;
    await watcher.close();
    await admin.close();
    expect(removed).toBe(true);
    expect(result.code).toBe(3);
    const last = result.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^fnsync: (master|slave \d+) \(invocation [^)]+\) failed: /);
    expect(last).toMatch(cause);
  });

  test('fails with exit 3 on an unreachable broker, naming host and port and never the password', async () => {
    const result = await runCli(['run', '--slaves', '2', '--amqp', 'amqp://alice:s3cr3t-pw@127.0.0.1:1'], { killAfterMs: 30_000 });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('127.0.0.1:1');
    expect(result.stderr).not.toContain('s3cr3t-pw');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('says what a broker failure means and what to do: vhost, credentials, a port that is not AMQP, nothing there', async () => {
    const cases: [string, RegExp][] = [];
    const vhost = new URL(amqpUrl());
    vhost.pathname = '/no-such-vhost';
    const credentials = new URL(amqpUrl());
    credentials.password = 'wrong-pass-123';
    const notAmqp = await new Promise<{ port: number; close: () => void }>((resolve) => {
      const server = createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n')).listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve({ port: typeof address === 'object' && address ? address.port : 0, close: () => server.close() });
      });
    });
    try {
      cases.push(
        [vhost.toString(), /the broker refused to open vhost 'no-such-vhost' \(it does not exist, or user '\w+' may not use it\)/],
        [credentials.toString(), /the broker refused the credentials of user '\w+'; check the user name and password/],
        [`amqp://guest:guest@127.0.0.1:${notAmqp.port}`, /does not speak AMQP 0-9-1/],
        ['amqp://guest:guest@127.0.0.1:1', /nothing listens there/],
      );
      for (const [target, expected] of cases) {
        const result = await runCli(['run', '--slaves', '2', '--runtime', 'inline', '--amqp', target], { killAfterMs: 30_000 });
        expect(result.code, target).toBe(3);
        expect(result.stderr.trim().split('\n'), target).toHaveLength(1);
        expect(result.stderr, target).toMatch(expected);
        expect(result.stderr).not.toContain('wrong-pass-123');
      }
    } finally {
      notAmqp.close();
    }
  });

  test('prints its version, warns of an unknown FNSYNC_LOG, and keeps stdout JSON with --json even when it fails', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const failing = await runCli(['run', '--slaves', '0', '--json'], { env: { FNSYNC_LOG: 'verbose' } });
    expect(failing.code).toBe(2);
    expect(failing.stderr).toContain('FNSYNC_LOG=verbose is not a level (error, warn, info, debug)');
    expect(JSON.parse(failing.stdout)).toEqual({
      error: { code: 'usage', exitCode: 2, message: '--slaves: must be a whole number from 1' },
    });
    const unreachable = await runCli(['run', '--slaves', '2', '--json', '--amqp', 'amqp://guest:guest@127.0.0.1:1']);
    expect(unreachable.code).toBe(3);
    expect(JSON.parse(unreachable.stdout)).toMatchObject({ error: { code: 'infrastructure', exitCode: 3 } });
  });

  test('refuses wrong credentials with exit 3 and without the password', async () => {
    const url = new URL(amqpUrl());
    url.password = 'wrong-pass-123';
    const result = await runCli(['run', '--slaves', '2', '--amqp', url.toString()]);
    expect(result.code).toBe(3);
    expect(result.stderr).not.toContain('wrong-pass-123');
  });

  test.for([
    [['--slaves', '0'], '--slaves'],
    [['--slaves', '-1'], '--slaves'],
    [['--slaves', 'abc'], '--slaves'],
    [['--slaves', '1.5'], '--slaves'],
    [['--slaves', '1001', '--runtime', 'inline'], '--slaves: must be at most 1000'],
    [['--slaves', '251'], '--slaves: must be at most 250 on the isolate runtime'],
    [['--slaves', '251', '--runtime', 'local'], '--slaves: must be at most 250 on the local runtime'],
    [['--slaves', '3', '--runtime', 'docker'], '--runtime'],
    [['--slaves', '3', '--seed', 'x'], '--seed'],
    [['--slaves', '3', '--amqp', 'http://localhost'], '--amqp'],
    [['--slaves', '3', '--runtime', 'openwhisk'], '__OW_API_HOST and __OW_API_KEY'],
    [[], '--slaves: required: a whole number from 1'],
    [['--slave', '3'], "unknown option '--slave'"],
  ] as const)('exits 2 with one line for %j and starts nothing', async ([args, mention], { runId: newRunId }) => {
    const runId = newRunId('usage');
    const result = await runCli(['run', ...args, '--run-id', runId]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const errorLines = result.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('('));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain(mention);
  });
});
