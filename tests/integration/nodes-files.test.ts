import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { UsageError, type SharedFile } from '../../src/index.js';
import { test } from '../support/fixtures.js';
import { joinHere, spawnNode, stopNodes } from '../support/nodes.js';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('nodes: the global file system', () => {
  test('a union listing, chunked fetches of a large binary file, change notification', async ({ runId }) => {
    const cluster = runId('nodes-gfs');
    const shared = await mkdtemp(join(tmpdir(), 'fnsync-gfs-a-'));
    const mine = await mkdtemp(join(tmpdir(), 'fnsync-gfs-b-'));
    const big = randomBytes(3 * 1024 * 1024 + 17);
    await writeFile(join(shared, 'big.bin'), big);
    await writeFile(join(shared, 'note.txt'), 'first');
    await writeFile(join(mine, 'mine.txt'), 'driver');
    const spawned = [spawnNode(cluster, 'alice', {}, ['--share', shared])];
    const driver = await joinHere(cluster, 'driver', undefined, mine);
    try {
      const alice = await spawned[0]?.info();
      if (!alice) throw new Error('alice never got ready');
      await driver.waitForPeers(1);
      const listing = (): [string, string][] => driver.files().map((f) => [f.name, f.owner]);
      await expect.poll(listing, { timeout: 10_000 }).toEqual([
        ['big.bin', alice.id],
        ['mine.txt', driver.id],
        ['note.txt', alice.id],
      ]);
      expect(sha(await driver.fetchFile('big.bin'))).toBe(sha(big));
      expect((await driver.fetchFile('mine.txt')).toString()).toBe('driver');
      await expect(driver.fetchFile('nope.txt')).rejects.toBeInstanceOf(UsageError);

      const changed: SharedFile[] = [];
      driver.on('file-changed', (file) => changed.push(file));
      expect((await driver.fetchFile('note.txt')).toString()).toBe('first');
      await writeFile(join(shared, 'note.txt'), 'second');
      const later = new Date(Date.now() + 5000);
      await utimes(join(shared, 'note.txt'), later, later);
      await expect.poll(() => changed.map((f) => f.name), { timeout: 10_000 }).toContain('note.txt');
      expect((await driver.fetchFile('note.txt')).toString()).toBe('second');
    } finally {
      await stopNodes(spawned);
      await driver.leave();
      await rm(shared, { recursive: true, force: true });
      await rm(mine, { recursive: true, force: true });
    }
  });
});
