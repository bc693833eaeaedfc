import { describe, expect } from 'vitest';
import { RemoteCallError, TimeoutError } from '../../src/index.js';
import { test } from '../support/fixtures.js';
import { joinHere, spawnNode, stopNodes } from '../support/nodes.js';

describe('nodes: discovery and remote functions', () => {
  test('nodes find each other; calls return results or say why not; dispatch pulls work', async ({ runId }) => {
    const cluster = runId('nodes-fn');
    const spawned = [spawnNode(cluster, 'alice'), spawnNode(cluster, 'bob')];
    const driver = await joinHere(cluster, 'driver');
    try {
      const [alice, bob] = await Promise.all(spawned.map((node) => node.info()));
      if (!alice || !bob) throw new Error('no ready nodes');
      const peers = await driver.waitForPeers(2);
      expect(peers.map((p) => p.name).sort()).toEqual(['alice', 'bob']);
      expect(peers.every((p) => p.state === 'alive' && p.resources.rssBytes > 0 && p.address.includes(':'))).toBe(true);
      await expect.poll(() => driver.peers().every((p) => p.functions.includes('square')), { timeout: 10_000 }).toBe(true);

      expect(await driver.call('square', 7, alice.id)).toBe(49);
      expect(await driver.call('square', 9, bob.id)).toBe(81);
      await expect(driver.call('nope', 1, alice.id)).rejects.toMatchObject({ kind: 'no-such-function', code: 'usage' });
      await expect(driver.call('boom', null, bob.id)).rejects.toThrow(/boom threw on node .*kaboom/);
      await expect(driver.call('slow-square', { x: 1, ms: 5000 }, alice.id, { timeoutMs: 200 })).rejects.toBeInstanceOf(TimeoutError);
      await expect(driver.call('square', 1, 'ffffffff')).rejects.toBeInstanceOf(RemoteCallError);
      await expect(driver.dispatch('nope', [1])).rejects.toMatchObject({ kind: 'no-such-function' });

      const completed: number[] = [];
      const ran = new Set<string>();
      const args = Array.from({ length: 40 }, (_, x) => ({ x, ms: 20 }));
      const results = (await driver.dispatch('slow-square', args, {
        onResult: ({ index, node }) => {
          completed.push(index);
          ran.add(node);
        },
      })) as { square: number }[];
      expect(results.map((r) => r.square)).toEqual(args.map(({ x }) => x * x));
      expect(completed.sort((a, b) => a - b)).toEqual(args.map((_, i) => i));
      // Work pulling: both nodes took calls.
      expect([...ran].sort()).toEqual([alice.id, bob.id].sort());
      await expect(driver.dispatch('boom', [1, 2])).rejects.toThrow(/kaboom/);
    } finally {
      await stopNodes(spawned);
      await driver.leave();
    }
  });

  test('a node killed mid-dispatch: its calls are done by the others, and its failure is reported', async ({ runId }) => {
    const cluster = runId('nodes-kill');
    const spawned = [spawnNode(cluster, 'n1'), spawnNode(cluster, 'n2'), spawnNode(cluster, 'n3')];
    const driver = await joinHere(cluster, 'driver');
    try {
      const infos = await Promise.all(spawned.map((node) => node.info()));
      await driver.waitForPeers(3);
      await expect.poll(() => driver.peers().every((p) => p.functions.includes('slow-square')), { timeout: 10_000 }).toBe(true);
      const victim = infos[0];
      if (!victim) throw new Error('no victim');
      const failed: string[] = [];
      driver.on('failed', (node) => failed.push(node.id));
      let killed = false;
      const args = Array.from({ length: 30 }, (_, x) => ({ x, ms: 100 }));
      const results = (await driver.dispatch('slow-square', args, {
        onTaken: ({ node }) => {
          if (node === victim.id && !killed) {
            killed = true;
            spawned[0]?.cli.child.kill('SIGKILL');
          }
        },
      })) as { square: number; node: string }[];
      expect(killed).toBe(true);
      expect(results.map((r) => r.square)).toEqual(args.map(({ x }) => x * x));
      await expect.poll(() => failed, { timeout: 15_000 }).toContain(victim.id);
      expect(driver.nodes().find((n) => n.id === victim.id)?.state).toBe('failed');
      // The survivors saw it too.
      await expect
        .poll(() => spawned.slice(1).every((s) => s.events().some((e) => e.event === 'failed' && e.node.id === victim.id)), {
          timeout: 15_000,
        })
        .toBe(true);
    } finally {
      await stopNodes(spawned);
      await driver.leave();
    }
  });
});
