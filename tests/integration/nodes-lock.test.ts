import { describe, expect } from 'vitest';
import { LockLostError, type Node } from '../../src/index.js';
import { test } from '../support/fixtures.js';
import { joinHere, spawnNode, stopNodes, type SpawnedNode } from '../support/nodes.js';

/**
 * A counter on the driver that only a lock holder may touch: `counter-get` opens a critical section
 * and `counter-set` closes it; a get while another's section is open is an overlap (two holders).
 */
async function counterOn(driver: Node): Promise<{ value: () => number; overlaps: string[] }> {
  let value = 0;
  let inside: string | undefined;
  const overlaps: string[] = [];
  await driver.register('counter-get', (by) => {
    if (inside !== undefined) overlaps.push(`${String(by)} entered while ${inside} was inside`);
    inside = String(by);
    return value;
  });
  await driver.register('counter-set', (arg) => {
    const { by, value: next } = arg as { by: string; value: number };
    if (inside !== by) overlaps.push(`${by} wrote outside its section`);
    inside = undefined;
    value = next;
    return null;
  });
  return { value: () => value, overlaps };
}

async function readyAll(driver: Node, spawned: readonly SpawnedNode[]): Promise<string[]> {
  const infos = await Promise.all(spawned.map((s) => s.info()));
  await driver.waitForPeers(spawned.length);
  await expect.poll(() => driver.peers().every((p) => p.functions.includes('lock-increments')), { timeout: 10_000 }).toBe(true);
  return infos.map((info) => info.id);
}

describe('nodes: the Suzuki-Kasami lock', () => {
  test('every node competing: no overlap and N x K increments; survives a non-holder killed', async ({ runId }) => {
    const cluster = runId('nodes-lock');
    const spawned = [spawnNode(cluster, 'a'), spawnNode(cluster, 'b'), spawnNode(cluster, 'c')];
    const driver = await joinHere(cluster, 'driver');
    try {
      const counter = await counterOn(driver);
      const ids = await readyAll(driver, spawned);
      const K = 8;
      const mine = async (): Promise<void> => {
        for (let i = 0; i < K; i++) {
          await driver.lock();
          const v = (await driver.call('counter-get', driver.id, driver.id)) as number;
          await driver.call('counter-set', { by: driver.id, value: v + 1 }, driver.id);
          driver.unlock();
        }
      };
      const runs = ids.map((id) => driver.call('lock-increments', { times: K, owner: driver.id }, id, { timeoutMs: 90_000 }));
      await Promise.all([...runs, mine()]);
      expect(counter.overlaps).toEqual([]);
      expect(counter.value()).toBe((ids.length + 1) * K);

      // A node that does not hold the token dies: the others still lock.
      await driver.lock();
      spawned[0]?.cli.child.kill('SIGKILL');
      await expect.poll(() => driver.nodes().find((n) => n.id === ids[0])?.state, { timeout: 15_000 }).toBe('failed');
      driver.unlock();
      const survivors = ids.slice(1).map((id) => driver.call('lock-increments', { times: K, owner: driver.id }, id, { timeoutMs: 90_000 }));
      await Promise.all(survivors);
      expect(counter.overlaps).toEqual([]);
      expect(counter.value()).toBe((ids.length + 1) * K + 2 * K);
    } finally {
      await stopNodes(spawned);
      await driver.leave();
    }
  });

  test('the holder killed: the loss is reported and waits for the lock fail', async ({ runId }) => {
    const cluster = runId('nodes-lost');
    const spawned = [spawnNode(cluster, 'holder'), spawnNode(cluster, 'other')];
    const driver = await joinHere(cluster, 'driver');
    try {
      const [holder] = await readyAll(driver, spawned);
      if (holder === undefined) throw new Error('no holder');
      expect(await driver.call('lock-and-hold', null, holder)).toBe(holder);
      const lost: string[] = [];
      driver.on('token-lost', (node) => lost.push(node.id));
      const waiting = driver.lock({ timeoutMs: 60_000 });
      spawned[0]?.cli.child.kill('SIGKILL');
      await expect(waiting).rejects.toBeInstanceOf(LockLostError);
      expect(lost).toEqual([holder]);
      await expect(driver.lock()).rejects.toThrow(/token was lost/);
      await expect.poll(() => spawned[1]?.events().some((e) => e.event === 'token-lost'), { timeout: 15_000 }).toBe(true);
    } finally {
      await stopNodes(spawned);
      await driver.leave();
    }
  });
});
