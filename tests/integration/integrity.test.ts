import { afterAll, describe, expect, vi } from 'vitest';
import { z } from 'zod';
import { BrokerConnection, RunKey } from '../../src/transport/index.js';
import { slaveValue } from '../../src/protocol/index.js';
import { amqpUrl } from '../support/broker.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { runRegistered } from '../support/exercise-run.js';
import { test } from '../support/fixtures.js';
import { RabbitNode, rabbitNodesAvailable } from '../support/rabbit-node.js';

interface RunJson {
  list: { writer: number; value: number }[];
  seed: number;
  verification: { passed: boolean; problems: string[] };
  messages: { rejected: number; rejectedBy: Record<string, number> };
}

/** A client of the broker that knows the run's names but not its key: it reads the bus and publishes what it likes. */
async function attacker(url: string, runId: string, onBus: (message: { type: string }) => void): Promise<BrokerConnection> {
  const connection = await BrokerConnection.connect({ url, name: `test-attacker-${runId}` });
  const bus = `fnsync.${runId}.bus`;
  await expect.poll(() => connection.exchangeExists(bus), { timeout: 30_000, interval: 10 }).toBe(true);
  const queue = await connection.declareExclusiveQueue(bus);
  await connection.subscribe(queue, z.looseObject({ type: z.string() }), { onMessage: onBus });
  return connection;
}

/** Waits until a CLI's stderr shows the run started (`--json` keeps stdout for the report). */
async function started(cli: RunningCli, runId: string): Promise<void> {
  await vi.waitFor(() => expect(cli.stderr()).toContain(`run ${runId}: fnsync.${runId}.master and`), { timeout: 30_000, interval: 20 });
}

describe('a forger on the broker can delay a run, never change its verified result', () => {
  test('forged values, grants, joins, done and abort (unsigned, or with a made-up tag) change nothing', async ({ runId: newRunId }) => {
    const runId = newRunId('forge');
    const slaves = 20;
    const cli = startCli(['run', '--slaves', String(slaves), '--runtime', 'inline', '--json', '--run-id', runId, '--lease', '20000'], {
      env: { FNSYNC_LOG: 'debug' },
    });
    let forged = 0;
    const forger = await attacker(amqpUrl(), runId, (message) => {
      if (message.type !== 'start' || forged > 0) return;
      const bus = `fnsync.${runId}.bus`;
      const master = `fnsync.${runId}.master`;
      for (let round = 0; round < slaves; round++) {
        for (let slave = 0; slave < slaves; slave++) forger.publish(bus, { type: 'value', slave, round, value: 777 });
      }
      forger.publish(bus, { type: 'grant', slave: 19, round: 5 });
      for (let slave = 0; slave < slaves; slave++) forger.sendToQueue(`fnsync.${runId}.slave.${slave}`, { type: 'grant', slave, round: 1 });
      forger.publish(bus, { type: 'done', rounds: slaves, order: Array.from({ length: slaves }, (_, i) => i) });
      forger.publish(bus, { type: 'abort', reason: '\u001b[31mtaken over\u001b[0m' });
      for (let slave = 0; slave < slaves; slave++) forger.sendToQueue(master, { type: 'join', slave });
      forged = slaves * slaves + 3 + 2 * slaves;
    });
    const result = await cli.done;
    await forger.close();
    expect(forged).toBeGreaterThan(0);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as RunJson;
    expect(report.verification).toEqual({ passed: true, problems: [] });
    for (const entry of report.list) expect(entry.value).toBe(slaveValue(report.seed, entry.writer));
    expect(report.list.some((entry) => entry.value === 777 && slaveValue(report.seed, entry.writer) !== 777)).toBe(false);
    expect(report.messages.rejectedBy.unauthenticated).toBeGreaterThan(0);
    expect(report.messages.rejectedBy.invalid ?? 0).toBe(0);
    // Nothing a peer wrote reaches the terminal raw.
    expect(result.stderr).not.toContain('\u001b[31m');
  });

  test('a tag made without the key is refused as forged', async ({ runId: newRunId }) => {
    const runId = newRunId('tag');
    const slaves = 20;
    const cli = startCli(['run', '--slaves', String(slaves), '--runtime', 'inline', '--json', '--run-id', runId, '--lease', '20000']);
    // Signed properly, as the master, but with a key of its own: the tags cannot match.
    const forger = await BrokerConnection.connect({
      url: amqpUrl(),
      name: `test-forger-${runId}`,
      auth: { key: RunKey.create(runId), sender: 'master' },
    });
    const watcher = await attacker(amqpUrl(), runId, (message) => {
      if (message.type === 'start') forger.publish(`fnsync.${runId}.bus`, { type: 'abort', reason: 'forged' });
    });
    const result = await cli.done;
    await forger.close();
    await watcher.close();
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as RunJson;
    expect(report.verification.passed).toBe(true);
    // Every function still running when it arrives refuses it (20 rounds remain after start: almost always all of them).
    expect(report.messages.rejectedBy.forged).toBeGreaterThan(0);
    expect(report.messages.rejectedBy.forged).toBeLessThanOrEqual(slaves + 1);
  });

  test('an exercise on RabbitMQ: forged messages on the wire and to device queues change nothing', async ({ runId: newRunId }) => {
    const runId = newRunId('wire');
    const forger = await BrokerConnection.connect({ url: amqpUrl(), name: `test-wire-forger-${runId}` });
    const running = runRegistered(0, 'PingPong', { transport: 'amqp', mode: 'sync', devices: 4, runId });
    // While the run goes: forged messages up the wire and down to every device, again and again.
    await expect.poll(() => forger.exchangeExists(`fnsync.${runId}.wire`), { timeout: 30_000, interval: 2 }).toBe(true);
    const forge = setInterval(() => {
      if (forger.signal.aborted) return; // the run ended and took its wire with it
      forger.publish(`fnsync.${runId}.wire`, { k: 'msg', m: { type: 'ping', source: 0, destination: 1 } });
      forger.publish(`fnsync.${runId}.wire`, { k: 'done', d: 2 });
      for (let device = 0; device < 4; device++) forger.publish('', { k: 'crash' }, `fnsync.${runId}.device.${device}`);
    }, 2);
    const { report } = await running.finally(() => clearInterval(forge));
    await forger.close();
    expect(report.check.passed, report.check.details).toBe(true);
    expect(report.messages).toMatchObject({ total: 40 });
    expect(report.messages.rejectedBy.unauthenticated).toBeGreaterThan(0);
  });
});

describe('a flood', () => {
  test('50,000 garbage messages leave the run correct (or failing with "flooded") and stderr bounded', async ({ runId: newRunId }) => {
    const runId = newRunId('flood');
    const cli = startCli(['run', '--slaves', '10', '--runtime', 'inline', '--json', '--run-id', runId, '--lease', '30000'], {
      killAfterMs: 240_000,
    });
    let flooded = false;
    const forger = await attacker(amqpUrl(), runId, (message) => {
      if (message.type !== 'start' || flooded) return;
      flooded = true;
      for (let i = 0; i < 25_000; i++) {
        forger.publish(`fnsync.${runId}.bus`, { type: 'grant', slave: i % 10, round: i % 10 });
        forger.sendToQueue(`fnsync.${runId}.master`, 'garbage');
      }
    });
    const result = await cli.done;
    await forger.close();
    expect(flooded).toBe(true);
    if (result.code === 0) expect((JSON.parse(result.stdout) as RunJson).verification.passed).toBe(true);
    else expect(result.stderr).toMatch(/flooded/);
    // Three lines per reason and function, then one summary line each: not one per message.
    expect(result.stderr.split('\n').length).toBeLessThan(200);
  });
});

describe('interruption and run ids', () => {
  test.for(['local', 'isolate'])(
    'the first Ctrl-C ends a run on %s with 130 and removes it; SIGTERM with 143',
    async (runtime, { runId: newRunId }) => {
      for (const [signal, code] of [
        ['SIGINT', 130],
        ['SIGTERM', 143],
      ] as const) {
        const runId = newRunId(signal.toLowerCase());
        const cli = startCli(['run', '--slaves', '20', '--runtime', runtime, '--run-id', runId, '--lease', '60000'], {
          env: { FNSYNC_LOG: 'debug' },
        });
        await started(cli, runId);
        cli.child.kill(signal);
        // A hang guard, not a measure: the teardown of a healthy broker takes a fraction of this.
        const result = await Promise.race([
          cli.done,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit')), 10_000)),
        ]);
        expect(result.code, result.stderr).toBe(code);
        expect(result.stderr).toMatch(new RegExp(`^fnsync: interrupted \\(${signal}\\)$`, 'm'));
      }
    },
  );

  test('a second run with a run id in use is refused with exit 2 before it creates anything', async ({ runId: newRunId }) => {
    const runId = newRunId('dup');
    // Long enough (200 slaves) to be still going when the second one starts.
    const first = startCli(['run', '--slaves', '200', '--runtime', 'inline', '--run-id', runId, '--json'], {
      env: { FNSYNC_LOG: 'debug' },
    });
    await started(first, runId);
    const second = await runCli(['run', '--slaves', '3', '--runtime', 'inline', '--run-id', runId]);
    expect(second.code).toBe(2);
    expect(second.stderr.trim()).toMatch(new RegExp(`^fnsync: --run-id: ${runId} is in use by a run that is still going`));
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    expect((JSON.parse(done.stdout) as RunJson).verification.passed).toBe(true);
  });
});

describe('an exercise run id in use', () => {
  test('is refused, and the run that holds it goes on untouched', async ({ runId: newRunId }) => {
    const runId = newRunId('exdup');
    const watcher = await BrokerConnection.connect({ url: amqpUrl(), name: `test-exdup-${runId}` });
    const first = runRegistered(0, 'PingPong', { transport: 'amqp', devices: 6, runId });
    await expect.poll(() => watcher.exchangeExists(`fnsync.${runId}.wire`), { timeout: 30_000, interval: 2 }).toBe(true);
    await expect(runRegistered(0, 'PingPong', { transport: 'amqp', devices: 3, runId })).rejects.toThrow(
      /is in use by a run that is still going/,
    );
    const { report } = await first;
    await watcher.close();
    expect(report.check.passed).toBe(true);
  });
});

describe.runIf(rabbitNodesAvailable)("a broker that stops answering (a node of the test's own, frozen with SIGSTOP)", () => {
  let node: RabbitNode | undefined;
  afterAll(async () => {
    await node?.stop();
  });

  test('ends the run with exit 3 within --timeout plus the teardown bound, naming the broker', { timeout: 180_000 }, async () => {
    node = await RabbitNode.start('frozen');
    const runId = `t-frozen-${process.pid}`;
    const timeoutMs = 8000;
    const cli = startCli(
      [
        'run',
        '--slaves',
        '200',
        '--runtime',
        'inline',
        '--amqp',
        node.amqpUrl,
        '--run-id',
        runId,
        '--timeout',
        String(timeoutMs),
        '--lease',
        '60000',
      ],
      {
        env: { FNSYNC_LOG: 'debug' },
        // The guard: the run's limit, the documented teardown (5 s), and start-up slack.
        killAfterMs: timeoutMs + 30_000,
      },
    );
    const frozen = node;
    const watcher = await attacker(node.amqpUrl, runId, (message) => {
      if (message.type === 'value') void frozen.freeze();
    });
    const result = await cli.done;
    await node.thaw();
    await watcher.close();
    expect(result.signal, result.stderr).toBeNull();
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/stopped answering/);
  });
});
