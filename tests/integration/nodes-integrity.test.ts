import { createHash } from 'node:crypto';
import { describe, expect } from 'vitest';
import { BrokerConnection, RunKey } from '../../src/transport/index.js';
import { Node } from '../../src/index.js';
import { amqpUrl, brokerLeakChecks } from '../support/broker.js';
import { runCli } from '../support/cli.js';
import { test } from '../support/fixtures.js';
import { FAST_ECHO, PATIENT_ECHO, joinHere, spawnNode, stopNodes } from '../support/nodes.js';

const SECRET = 'correct horse battery staple';

/** The key every node of a cluster derives from its secret (node.ts). */
function clusterKey(cluster: string, secret: string): RunKey {
  return RunKey.fromSecret(cluster, createHash('sha256').update(secret).digest('base64url'));
}

describe('nodes: integrity and isolation', () => {
  test('malformed, unauthenticated, forged and impostor messages are refused without harm', async ({ runId }) => {
    const cluster = runId('nodes-forge');
    const spawned = [spawnNode(cluster, 'peer', { FNSYNC_CLUSTER_SECRET: SECRET })];
    // Counts of rejections are exact below: a peer this node took for dead a moment would add
    // its late replies as 'unexpected', so this node polls patiently.
    const driver = await joinHere(cluster, 'driver', SECRET, undefined, PATIENT_ECHO);
    const stranger = await BrokerConnection.connect({ url: amqpUrl(), name: `fnsync.${cluster}.stranger` });
    let intruder: Node | undefined;
    try {
      const [peer] = await Promise.all(spawned.map((s) => s.info()));
      if (!peer) throw new Error('no peer');
      await driver.waitForPeers(1);
      const bus = `fnsync.${cluster}.bus`;
      const mine = `fnsync.${cluster}.node.${driver.id}`;
      // Anyone on the broker: no tag at all.
      stranger.publish(bus, { type: 'bye', from: peer.id });
      stranger.publish('', { type: 'call', from: peer.id, callId: 'x', fn: 'square', arg: 2 }, mine);
      stranger.publish('', { nonsense: true }, `fnsync.${cluster}.fn.square`);
      stranger.publish('', { type: 'genesis' }, `fnsync.${cluster}.members`);
      await stranger.flush();
      // A node with the wrong secret: its hello is forged as far as the cluster can tell.
      intruder = await Node.join({ cluster, name: 'intruder', amqpUrl: amqpUrl(), secret: 'guess', failureDetection: FAST_ECHO });
      // A holder of the secret that claims to be another node, and one that sends garbage.
      const insider = await BrokerConnection.connect({
        url: amqpUrl(),
        name: `fnsync.${cluster}.insider`,
        auth: { key: clusterKey(cluster, SECRET), sender: '0badc0de' },
      });
      insider.publish(bus, { type: 'bye', from: peer.id });
      insider.publish(bus, { type: 'token', from: '0badc0de', to: driver.id, ln: {}, queue: [], moves: 99 });
      insider.publish('', { type: 'echo-reply', from: '0badc0de', seq: -1 }, mine);
      await insider.flush();
      await insider.close();

      await expect
        .poll(() => Object.keys(driver.rejections.byReason).sort(), { timeout: 10_000 })
        .toEqual(['forged', 'impostor', 'invalid', 'unauthenticated', 'unexpected']);
      expect(driver.rejections.byReason).toMatchObject({ impostor: 1, invalid: 1, unexpected: 1 });
      // Nothing changed: the peer is alive and serves, the intruder is unknown, the lock works.
      // (polled: on a loaded machine a short echo timeout can fail a peer for a moment; it comes back)
      await expect.poll(() => driver.peers().map((p) => p.id), { timeout: 10_000 }).toEqual([peer.id]);
      expect(await driver.call('square', 12, peer.id)).toBe(144);
      expect(intruder.peers()).toEqual([]);
      await driver.lock({ timeoutMs: 20_000 });
      driver.unlock();
    } finally {
      await stopNodes(spawned);
      await intruder?.leave();
      await stranger.close();
      await driver.leave();
    }
  });

  test('two clusters on one broker never see each other', async ({ runId }) => {
    const one = runId('nodes-one');
    const two = runId('nodes-two');
    const a1 = await joinHere(one, 'a1');
    const b1 = await joinHere(two, 'b1');
    const a2 = await joinHere(one, 'a2');
    const b2 = await joinHere(two, 'b2');
    try {
      await Promise.all([a1.waitForPeers(1), a2.waitForPeers(1), b1.waitForPeers(1), b2.waitForPeers(1)]);
      // Both clusters have a token and each lock works on its own.
      await Promise.all([a2.lock({ timeoutMs: 20_000 }), b2.lock({ timeoutMs: 20_000 })]);
      a2.unlock();
      b2.unlock();
      expect(a1.peers().map((p) => p.name)).toEqual(['a2']);
      expect(b1.peers().map((p) => p.name)).toEqual(['b2']);
      expect(a1.rejections.total + b1.rejections.total).toBe(0);
    } finally {
      for (const node of [a2, b2, a1, b1]) await node.leave();
    }
  });
});

describe('fnsync node: bad input and clean-up', () => {
  test('a cluster name the broker would not take, a missing functions file, a missing name: exit 2', async () => {
    const bad = await runCli(['node', '--cluster', 'Bad Name!', '--name', 'a']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^fnsync: cluster name 'Bad Name!' is not valid/)]);
    const missing = await runCli(['node', '--cluster', 'fine', '--name', 'a', '--functions', '/no/such/file.js']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--functions: no such file/);
    const unnamed = await runCli(['node', '--cluster', 'fine']);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toMatch(/--name/);
  });

  // --clean lists what the cluster left through the management API.
  test.skipIf(!brokerLeakChecks())('--clean removes what a crashed cluster left, and refuses while a node is in it', async ({ runId }) => {
    const cluster = runId('nodes-clean');
    const spawned = [spawnNode(cluster, 'victim')];
    try {
      await spawned[0]?.info();
      const refused = await runCli(['node', '--cluster', cluster, '--clean', '--amqp', amqpUrl()]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/1 live node/);
    } finally {
      spawned[0]?.cli.child.kill('SIGKILL');
      await stopNodes(spawned);
    }
    // The exclusive node queue goes with the process; the cluster's shared queues stay (until they expire).
    const cleaned = await runCli(['node', '--cluster', cluster, '--clean', '--json', '--amqp', amqpUrl()]);
    expect(cleaned.code).toBe(0);
    const removed = JSON.parse(cleaned.stdout) as { queues: string[] };
    expect(removed.queues).toContain(`fnsync.${cluster}.genesis`);
  });
});
