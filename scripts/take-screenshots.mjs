// Takes the screenshots docs/web-ui.md and the README show, with Playwright and Debian's Chromium
// (`npm run build` first): the web stepper, a Lamport diagram, a synchronizer timeline and a node's
// dashboard. Usage: node scripts/take-screenshots.mjs [stepper] [diagrams] [dashboard] (all by
// default; the timeline and the dashboard need a broker: AMQP_URL).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = `${root}dist/cli/main.js`;
const images = `${root}docs/images/`;
const fnsync = (args) => execFileSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
const wanted = process.argv.slice(2);
const take = (name) => wanted.length === 0 || wanted.includes(name);

/** Starts the CLI and resolves with the page URL it prints on stderr. */
function serve(args) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = new Promise((resolve, reject) => {
    let said = '';
    child.stderr.on('data', (chunk) => {
      said += chunk;
      const found = /http:\/\/\S+\//.exec(said);
      if (found) resolve(found[0]);
    });
    child.on('exit', () => reject(new Error(`fnsync ${args[0]} ended early: ${said}`)));
  });
  return { child, url };
}

const browser = await chromium.launch({ executablePath: process.env.FNSYNC_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  if (take('stepper')) await stepper();
  if (take('diagrams')) await diagrams();
  if (take('dashboard')) await dashboard();
} finally {
  await browser.close();
}

async function stepper() {
  // The stepper: Gossip on 5 devices, a few steps in, then back in time to one of them.
  const { child: run, url: served } = serve([
    'exercise',
    '--lecture',
    '1',
    '--algorithm',
    'Gossip',
    '--type',
    'stepping',
    '--devices',
    '5',
    '--seed',
    '3',
    '--ui',
  ]);
  const url = await served;
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  await page.waitForSelector('#status[data-stepping="true"]');
  for (let step = 1; step <= 9; step++) {
    await page.click('#step');
    await page.waitForSelector(`#moment[data-step="${step}"]`);
  }
  await page.screenshot({ path: `${images}web-stepper.png` });
  const sixth = await page.$$eval('#diagram circle.deliver', (dots) => dots[5]?.getAttribute('data-seq'));
  await page.click(`#diagram circle[data-seq="${sixth}"]`);
  await page.waitForSelector('#moment.travelling');
  await page.screenshot({ path: `${images}web-stepper-travel.png` });
  run.kill('SIGINT');
}

async function diagrams() {
  // A Lamport diagram written by --diagram: sync rounds, a lost message and a duplicate.
  fnsync(
    ['exercise', '--lecture', '0', '--algorithm', 'PingPong', '--type', 'sync', '--devices', '3', '--seed', '6'].concat([
      '--drop',
      '0.1',
      '--duplicate',
      '0.1',
      '--diagram',
      `${images}lamport-diagram.svg`,
    ]),
  );
  // And the synchronizer's timeline.
  fnsync(['run', '--slaves', '4', '--runtime', 'local', '--seed', '1', '--timeline', `${images}timeline.svg`]);
  for (const name of ['lamport-diagram', 'timeline']) {
    const svg = readFileSync(`${images}${name}.svg`, 'utf8');
    const [, width = '1200', height = '400'] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
    const picture = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
    await picture.setContent(`<body style="margin:0">${svg}</body>`);
    await picture.screenshot({ path: `${images}${name}.png` });
  }
}

async function dashboard() {
  // Three nodes of one cluster, a little work for their charts, and strokes on the whiteboard.
  const cluster = `shot-${process.pid}`;
  const names = ['alice', 'bob', 'carol'];
  const nodes = names.map((name) =>
    serve(['node', '--cluster', cluster, '--name', name, '--serve', 'mandelbrot', '--echo-period', '1000', '--ui']),
  );
  try {
    const urls = await Promise.all(nodes.map((node) => node.url));
    const pages = await Promise.all(
      urls.map(async (url) => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        await page.goto(url);
        return page;
      }),
    );
    const [alice, bob] = pages;
    await alice.waitForSelector('#node-rows tr[data-state="alive"]:nth-child(3)');
    // Some samples, then a few renders of the Mandelbrot demo's blocks for the charts to show.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const { Node } = await import('../dist/index.js');
    const dave = await Node.join({ cluster, name: 'dave', amqpUrl: process.env.AMQP_URL, failureDetection: { periodMs: 1000 } });
    try {
      await dave.waitForPeers(3, 30_000, 'mandelbrot-block');
      await dave.createArray('mandelbrot-blocks', 'string', 64, '');
      for (const size of [1024, 2048, 1024])
        await dave.dispatch(
          'mandelbrot-block',
          Array.from({ length: 64 }, (_, index) => ({ size, index })),
        );
      await new Promise((resolve) => setTimeout(resolve, 15_000));
    } finally {
      await dave.leave();
    }
    for (const [index, page] of [alice, bob].entries()) {
      await page.click('#tab-board');
      const box = await page.locator('#canvas').boundingBox();
      await page.click(`.pens button:nth-child(${index + 2})`);
      for (let turn = 0; turn < 3; turn++) {
        const y = box.y + box.height * (0.25 + 0.2 * turn + 0.1 * index);
        await page.mouse.move(box.x + box.width * 0.15, y);
        await page.mouse.down();
        for (let step = 1; step <= 24; step++)
          await page.mouse.move(box.x + box.width * (0.15 + step * 0.03), y + Math.sin(step / 2 + index) * box.height * 0.08);
        await page.mouse.up();
      }
    }
    await alice.click('#tab-resources');
    await alice.screenshot({ path: `${images}node-dashboard.png` });
    await bob.waitForSelector('#strokes polyline:nth-child(6)');
    await bob.screenshot({ path: `${images}node-dashboard-whiteboard.png` });
    await alice.click('#tab-nodes');
    await alice.screenshot({ path: `${images}node-dashboard-nodes.png` });
  } finally {
    for (const node of nodes) node.child.kill('SIGINT');
  }
}
