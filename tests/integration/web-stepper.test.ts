import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { amqpUrl } from '../support/broker.js';
import { describeInChromium, haveChromium, launchChromium, pageUrl } from '../support/browser.js';
import { runCli, startCli } from '../support/cli.js';
import { test } from '../support/fixtures.js';
import { expectNothingLeft } from '../support/leaks.js';

interface TraceLine {
  seq: number;
  kind: string;
  src: number | null;
  dst: number | null;
  type: string | null;
}

const PINGPONG = ['exercise', '--lecture', '0', '--algorithm', 'PingPong', '--type', 'stepping', '--devices', '3'];
const WAIT = { timeout: 30_000, interval: 100 };

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fnsync-ui-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What the trace says is in flight to each device just after event `seq`: sent (or duplicated), not yet delivered or dropped. */
function inboxesAt(trace: TraceLine[], devices: number, seq: number): string[][] {
  const inboxes = Array.from({ length: devices }, () => [] as string[]);
  for (const event of trace.filter((e) => e.seq <= seq)) {
    const inbox = inboxes[event.dst ?? -1];
    const what = `${event.type ?? ''} ← ${event.src ?? ''}`;
    if (inbox === undefined) continue;
    if (event.kind === 'send' || event.kind === 'duplicate') inbox.push(what);
    if (event.kind === 'deliver' || event.kind === 'drop') inbox.splice(inbox.indexOf(what), 1);
  }
  return inboxes.map((inbox) => inbox.sort());
}

/** The inbox column of the devices table: each device's messages, as "type ← src". */
async function shownInboxes(page: Page): Promise<string[][]> {
  const rows = page.locator('#device-rows tr');
  const inboxes: string[][] = [];
  for (let row = 0; row < (await rows.count()); row++) {
    const items = await rows.nth(row).locator('td.inbox li').allTextContents();
    inboxes.push(items.map((item) => item.replace(/ \(sent #\d+\)$/, '')).sort());
  }
  return inboxes;
}

const step = (page: Page): Promise<string | null> => page.locator('#moment').getAttribute('data-step');
const flatten = async (page: Page): Promise<string> =>
  JSON.stringify([await page.locator('#counts').getAttribute('data-per-type'), await page.locator('#moment').getAttribute('data-seq')]);

describeInChromium('the web stepper in Chromium', (browser) => {
  test(
    'PingPong, 3 devices: step 5, pick, swap, fast-forward; counts equal --json, time travel shows the trace, two tabs agree',
    { timeout: 240_000 },
    async () => {
      const trace = join(dir, 'pingpong.jsonl');
      const cli = startCli([...PINGPONG, '--seed', '11', '--ui', '--json', '--trace', trace, '--timeout', '300000'], {
        killAfterMs: 240_000,
      });
      const url = await pageUrl(cli);
      expect(cli.stderr()).toContain('listening on 127.0.0.1 only');
      const context = await browser().newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.goto(url);
      await expect.poll(() => page.locator('#status').getAttribute('data-stepping'), WAIT).toBe('true');

      // Five steps: the first by its key, the rest by the button; each delivers one message.
      await page.keyboard.press('Space');
      await expect.poll(() => step(page), WAIT).toBe('1');
      for (let n = 2; n <= 5; n++) {
        await page.click('#step');
        await expect.poll(() => step(page), WAIT).toBe(String(n));
      }
      const second = await context.newPage();
      await second.goto(url);

      // PingPong's rounds carry three messages: a sixth step ends round 1 and queues the next three.
      await page.click('#step');
      await expect.poll(() => step(page), WAIT).toBe('6');
      // Pick: the chosen message moves to the head of the queue, and the next step delivers it.
      await expect.poll(() => page.locator('#queue-rows button.pick').count(), WAIT).toBeGreaterThan(0);
      const picked = page.locator('#queue-rows button.pick').first();
      const position = await picked.getAttribute('data-position');
      const chosen = await page
        .locator(`#queue-rows tr[data-position="${position ?? ''}"] td`)
        .nth(1)
        .textContent();
      await picked.click();
      await expect.poll(() => page.locator('#queue-rows tr[data-position="0"] td').nth(1).textContent(), WAIT).toBe(chosen);
      await page.keyboard.press('Enter');
      await expect.poll(() => step(page), WAIT).toBe('7');
      const type = await page.locator('#diagram g.arrow').last().getAttribute('data-type');
      const route = (chosen ?? '').replace(' → ', ' -> ');
      await expect
        .poll(async () => (await page.locator('#log').textContent())?.trim().split('\n').at(-1), WAIT)
        .toBe(`delivered ${type ?? ''} ${route}`);
      await expect.poll(() => flatten(second), WAIT).toBe(await flatten(page));

      await page.keyboard.press('e');
      await expect.poll(() => page.locator('#status').getAttribute('data-flow'), WAIT).toBe('async');
      await expect.poll(() => second.locator('#status').getAttribute('data-flow'), WAIT).toBe('async');

      // Fast-forward until the run ends (each fast-forward delivers what is in flight; replies follow).
      await vi.waitFor(
        async () => {
          if (await page.locator('#ff').isEnabled()) await page.click('#ff');
          expect(await page.locator('#status').getAttribute('data-ended')).toBe('true');
        },
        { timeout: 60_000, interval: 200 },
      );
      await expect.poll(() => cli.stderr(), WAIT).toContain('the page stays up');
      await expect.poll(() => cli.stdout().endsWith('}\n'), WAIT).toBe(true);
      const report = JSON.parse(cli.stdout()) as {
        messages: { total: number; perType: Record<string, number> };
        rounds: number;
        check: { passed: boolean };
      };
      expect(report.check.passed).toBe(true);
      const counts = page.locator('#counts');
      expect(Number(await counts.getAttribute('data-total'))).toBe(report.messages.total);
      expect(JSON.parse((await counts.getAttribute('data-per-type')) ?? '')).toEqual(report.messages.perType);
      expect(Number(await page.locator('#ending').getAttribute('data-rounds'))).toBe(report.rounds);
      expect(await flatten(second)).toBe(await flatten(page));

      // Time travel to step 3: the inboxes the trace says, at the third delivery.
      const events = (await readFile(trace, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as TraceLine);
      const third = events.filter((e) => e.kind === 'deliver')[2]?.seq ?? 0;
      await page.click(`#diagram circle[data-seq="${third}"]`);
      await expect.poll(() => step(page), WAIT).toBe('3');
      expect(await shownInboxes(page)).toEqual(inboxesAt(events, 3, third));
      expect(await page.locator('#diagram line.now').count()).toBe(1);

      // Closing every page lets the finished run's CLI go.
      await context.close();
      const done = await cli.done;
      expect(done.code, done.stderr).toBe(0);
    },
  );
});

describe.skipIf(!haveChromium)('the web stepper on RabbitMQ', () => {
  test('closing the browser leaves the run where it was; Ctrl-C then ends it and leaves nothing behind', { timeout: 240_000 }, async () => {
    const browser = await launchChromium();
    const cli = startCli([...PINGPONG, '--transport', 'amqp', '--seed', '5', '--ui'], {
      env: { AMQP_URL: amqpUrl(), FNSYNC_LOG: 'info' },
      killAfterMs: 240_000,
    });
    try {
      const url = await pageUrl(cli);
      await expect.poll(() => /run (\w+): PingPong/.exec(cli.stderr())?.[1], { ...WAIT, timeout: 90_000 }).toBeDefined();
      const id = /run (\w+): PingPong/.exec(cli.stderr())?.[1] ?? '';
      let page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(url);
      // Devices on RabbitMQ take a while to start on a busy machine.
      await expect.poll(() => page.locator('#status').getAttribute('data-stepping'), { ...WAIT, timeout: 90_000 }).toBe('true');
      for (let n = 1; n <= 2; n++) {
        await page.click('#step');
        await expect.poll(() => step(page), WAIT).toBe(String(n));
      }
      const before = await flatten(page);
      await page.context().close();
      // The run waits where it was: a new page finds the same moment, and the CLI is still there.
      page = await browser.newPage();
      await page.goto(url);
      await expect.poll(() => flatten(page), WAIT).toBe(before);
      expect(await page.locator('#status').getAttribute('data-stepping')).toBe('true');
      expect(cli.child.exitCode).toBeNull();
      cli.child.kill('SIGINT');
      const done = await cli.done;
      expect(done.code, done.stderr).toBe(130);
      expect(done.stderr).toContain('interrupted');
      await expect.poll(() => page.locator('#connection').textContent(), WAIT).toContain('connection lost');
      // The run's queues, exchange and connections went with it.
      await expectNothingLeft(id);
    } finally {
      await browser.close();
      cli.child.kill('SIGKILL');
    }
  });
});

describe.skipIf(!haveChromium)('fnsync view in Chromium', () => {
  test('opens a saved trace read-only, with time travel; Ctrl-C quits', async () => {
    const trace = join(dir, 'view.jsonl');
    const ran = await runCli([
      'exercise',
      '--lecture',
      '0',
      '--algorithm',
      'PingPong',
      '--type',
      'sync',
      '--devices',
      '3',
      '--seed',
      '4',
      '--trace',
      trace,
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    const cli = startCli(['view', trace], { killAfterMs: 120_000 });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(await pageUrl(cli));
      await expect.poll(() => page.locator('#status').getAttribute('data-ended'), WAIT).toBe('true');
      expect(await page.locator('#step').isDisabled()).toBe(true);
      expect(await page.locator('#counts').getAttribute('data-total')).toBe('30');
      const events = (await readFile(trace, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as TraceLine);
      const fourth = events.filter((e) => e.kind === 'deliver')[3]?.seq ?? 0;
      await page.click(`#diagram circle[data-seq="${fourth}"]`);
      await expect.poll(() => step(page), WAIT).toBe('4');
      expect(await shownInboxes(page)).toEqual(inboxesAt(events, 3, fourth));
      // The arrow keys travel one event at a time.
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => page.locator('#moment').getAttribute('data-seq'), WAIT).toBe(String(fourth - 1));
      cli.child.kill('SIGINT');
      const done = await cli.done;
      expect(done.code, done.stderr).toBe(0);
    } finally {
      await browser.close();
      cli.child.kill('SIGKILL');
    }
  });
});
