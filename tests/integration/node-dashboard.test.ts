import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { describeInChromium, pageUrl } from '../support/browser.js';
import { runCli } from '../support/cli.js';
import { test } from '../support/fixtures.js';
import { joinHere, spawnNode, stopNodes, type SpawnedNode } from '../support/nodes.js';

const WAIT = { timeout: 30_000, interval: 100 };
const VIEWPORT = { width: 1280, height: 720 };

/** A mouse drag across the whiteboard: a stroke of several points. */
async function drag(page: Page): Promise<void> {
  const box = await page.locator('#canvas').boundingBox();
  if (box === null) throw new Error('no whiteboard on the page');
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.25, { steps: 8 });
  await page.mouse.up();
}

const strokesBy = (page: Page, id: string): Promise<number> => page.locator(`#strokes polyline[data-by="${id}"]`).count();

describe("a node's dashboard: options", () => {
  test('--port and --host apply to --ui only: exit 2 with one line, before anything is joined', async () => {
    for (const flag of ['--port', '--host']) {
      const done = await runCli(['node', '--cluster', 'never-joined', '--name', 'a', flag, flag === '--port' ? '8080' : '0.0.0.0']);
      expect(done.code).toBe(2);
      expect(done.stderr.trim()).toBe(`fnsync: ${flag}: applies to --ui only`);
    }
  });
});

describeInChromium("a node's dashboard in Chromium", (browser) => {
  test(
    'two nodes: both listed, resources charted, a stroke drawn on one shows on the other; connect moves a node; nothing left',
    { timeout: 240_000 },
    async ({ runId }) => {
      const cluster = runId('dash');
      const other = runId('dash-moved');
      const nodes: SpawnedNode[] = [spawnNode(cluster, 'alice', {}, ['--ui']), spawnNode(cluster, 'bob', {}, ['--ui'])];
      try {
        const [alice, bob] = await Promise.all(nodes.map((node) => node.info()));
        const [aliceUrl, bobUrl] = await Promise.all(nodes.map((node) => pageUrl(node.cli)));
        if (!alice || !bob || !aliceUrl || !bobUrl) throw new Error('no nodes');
        expect(nodes[0]?.cli.stderr()).toContain('listening on 127.0.0.1 only');

        const a = await (await browser().newContext({ viewport: VIEWPORT })).newPage();
        const b = await (await browser().newContext({ viewport: VIEWPORT })).newPage();
        await Promise.all([a.goto(aliceUrl), b.goto(bobUrl)]);

        // Nodes: both, alive, as each sees the cluster.
        for (const page of [a, b]) {
          await expect.poll(() => page.locator('#node-rows tr[data-state="alive"]').count(), WAIT).toBe(2);
          expect(await page.locator(`#node-rows tr[data-id="${alice.id}"] td`).nth(1).textContent()).toBe('alice');
          expect(await page.locator(`#node-rows tr[data-id="${bob.id}"] td`).nth(1).textContent()).toBe('bob');
        }
        expect(await a.locator(`#node-rows tr[data-id="${bob.id}"] td`).last().textContent()).toContain('square');

        // Self, by its key: this node, its cluster, the functions it serves.
        await a.keyboard.press('2');
        await expect.poll(() => a.locator('#self').isVisible(), WAIT).toBe(true);
        const self = (await a.locator('#self-rows').textContent()) ?? '';
        expect(self).toContain(alice.id);
        expect(self).toContain(cluster);
        expect(self).toContain('square');

        // Resources: a line per node, each of several samples (peers' come with their echo replies).
        await a.click('#tab-resources');
        for (const chart of ['#cpu-chart', '#mem-chart']) {
          for (const id of [alice.id, bob.id]) {
            await expect
              .poll(async () => Number(await a.locator(`${chart} g.series[data-node="${id}"]`).getAttribute('data-samples')), WAIT)
              .toBeGreaterThanOrEqual(3);
          }
          expect(await a.locator(`${chart} polyline`).count()).toBe(2);
        }
        expect(await a.locator('#resource-rows tr').count()).toBe(2);

        // The whiteboard: a drag on alice's page is a stroke on bob's, and a key press another.
        await a.click('#tab-board');
        await b.click('#tab-board');
        await drag(a);
        await expect.poll(() => strokesBy(b, alice.id), WAIT).toBeGreaterThanOrEqual(1);
        await expect.poll(() => strokesBy(a, alice.id), WAIT).toBe(await strokesBy(b, alice.id));
        const points = (await b.locator(`#strokes polyline[data-by="${alice.id}"]`).first().getAttribute('points')) ?? '';
        expect(points.split(' ').length).toBeGreaterThan(5);
        const before = await strokesBy(b, alice.id);
        await a.locator('#canvas').focus();
        await a.keyboard.press('ArrowRight');
        await expect.poll(() => strokesBy(b, alice.id), WAIT).toBe(before + 1);
        // A page opened late gets the strokes so far.
        const late = await browser().newPage({ viewport: VIEWPORT });
        await late.goto(bobUrl);
        await expect.poll(() => strokesBy(late, alice.id), WAIT).toBe(before + 1);
        await late.close();
        // A node that joins later gets them too, from the node that drew them.
        const carol = await joinHere(cluster, 'carol');
        try {
          await expect.poll(() => carol.strokes().filter((stroke) => stroke.by === alice.id).length, WAIT).toBe(before + 1);
        } finally {
          await carol.leave();
        }

        // Closing every page leaves the nodes running.
        await a.context().close();
        await b.context().close();
        expect(nodes.every((node) => node.cli.child.exitCode === null)).toBe(true);

        // The connect form moves bob to another cluster: alone there, and gone from alice's.
        const page = await browser().newPage({ viewport: VIEWPORT });
        await page.goto(bobUrl);
        await expect.poll(() => page.locator('#node-rows tr[data-state="alive"]').count(), WAIT).toBe(2);
        await page.fill('#connect-cluster', other);
        await page.click('#connect button[type="submit"]');
        await expect.poll(() => page.locator('#connect-status').textContent(), WAIT).toBe(`now in cluster ${other}`);
        await expect.poll(() => page.locator('#node-rows tr').count(), WAIT).toBe(1);
        expect(await page.locator('#cluster').textContent()).toContain(other);
        await expect.poll(() => nodes[0]?.events().some((e) => e.event === 'left' && e.node.id === bob.id), WAIT).toBe(true);
        // A broker that does not answer: refused with one line (no password in it), and bob stays where he is.
        await page.fill('#connect-cluster', cluster);
        await page.fill('#connect-amqp', 'amqp://guest:secret@127.0.0.1:1');
        await page.click('#connect button[type="submit"]');
        await expect
          .poll(() => page.locator('#connect-status').textContent(), WAIT)
          .toMatch(/cannot connect to RabbitMQ at 127\.0\.0\.1:1/);
        expect(await page.locator('#connect-status').textContent()).not.toContain('secret');
        expect(await page.locator('#cluster').textContent()).toContain(other);
        await page.close();

        // Ctrl-C: each node leaves and exits as a node does (0), its page's server with it.
        for (const node of nodes) node.cli.child.kill('SIGINT');
        for (const node of nodes) {
          const done = await node.cli.done;
          expect(done.code, done.stderr).toBe(0);
        }
      } finally {
        await stopNodes(nodes);
      }
    },
  );
});
