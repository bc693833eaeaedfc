import { describe, expect } from 'vitest';
import { UsageError, checkCoherence, type Access } from '../../src/index.js';
import { test } from '../support/fixtures.js';
import { joinHere, spawnNode, stopNodes } from '../support/nodes.js';

describe('nodes: distributed variables with write invalidation', () => {
  test('seeded random schedules on 4 nodes: every read returns the latest preceding write', async ({ runId }) => {
    const cluster = runId('nodes-vars');
    const spawned = [spawnNode(cluster, 'a'), spawnNode(cluster, 'b'), spawnNode(cluster, 'c')];
    const driver = await joinHere(cluster, 'driver');
    try {
      const ids = (await Promise.all(spawned.map((s) => s.info()))).map((info) => info.id);
      await driver.waitForPeers(3);
      await expect.poll(() => driver.peers().every((p) => p.functions.includes('var-schedule')), { timeout: 10_000 }).toBe(true);
      const array = await driver.createArray('cells', 'string', 4, 'init');
      for (const seed of [1, 2]) {
        const schedules = ids.map(
          (id, i) =>
            driver.call('var-schedule', { seed: seed * 100 + i, ops: 40, name: 'cells' }, id, { timeoutMs: 90_000 }) as Promise<Access[]>,
        );
        // The driver (the home) reads and writes too.
        for (let i = 0; i < 20; i++) {
          if (i % 3 === 0) await array.set(i % 4, `driver:${seed}:${i}`);
          else await array.get((i * 7) % 4);
        }
        const remote = (await Promise.all(schedules)).flat();
        const report = checkCoherence([...remote, ...driver.accesses()], () => 'init');
        expect(report.problems).toEqual([]);
        expect(report.writes).toBeGreaterThan(10);
        expect(report.reads).toBeGreaterThan(10);
      }
    } finally {
      await stopNodes(spawned);
      await driver.leave();
    }
  });

  test('N nodes x K locked increments = N x K; a value of the wrong kind is refused', async ({ runId }) => {
    const cluster = runId('nodes-incr');
    const spawned = [spawnNode(cluster, 'a'), spawnNode(cluster, 'b'), spawnNode(cluster, 'c')];
    const driver = await joinHere(cluster, 'driver');
    try {
      const ids = (await Promise.all(spawned.map((s) => s.info()))).map((info) => info.id);
      await driver.waitForPeers(3);
      await expect.poll(() => driver.peers().every((p) => p.functions.includes('var-increments')), { timeout: 10_000 }).toBe(true);
      const counter = await driver.createVariable('counter', 'number', 0);
      const K = 6;
      await Promise.all(ids.map((id) => driver.call('var-increments', { times: K, name: 'counter' }, id, { timeoutMs: 90_000 })));
      expect(await counter.read()).toBe(ids.length * K);
      await expect(counter.write('ten')).rejects.toBeInstanceOf(UsageError);
      await expect(driver.variable('nope', 200)).rejects.toThrow(/no variable 'nope'/);
      await expect((await driver.createArray('small', 'number', 2, 0)).get(5)).rejects.toThrow(/no element 5/);
    } finally {
      await stopNodes(spawned);
      await driver.leave();
    }
  });
});
