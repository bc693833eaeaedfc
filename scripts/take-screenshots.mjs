// Takes the screenshots docs/web-ui.md and the README show, with Playwright and Debian's Chromium
// (`npm run build` first): the web stepper, a Lamport diagram and a synchronizer timeline.
// Usage: node scripts/take-screenshots.mjs (needs a broker for the timeline: AMQP_URL).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = `${root}dist/cli/main.js`;
const images = `${root}docs/images/`;
const fnsync = (args) => execFileSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });

const browser = await chromium.launch({ executablePath: process.env.FNSYNC_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  // The stepper: Gossip on 5 devices, a few steps in, then back in time to one of them.
  const run = spawn(
    process.execPath,
    [cli, 'exercise', '--lecture', '1', '--algorithm', 'Gossip', '--type', 'stepping', '--devices', '5', '--seed', '3', '--ui'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const url = await new Promise((resolve, reject) => {
    let said = '';
    run.stderr.on('data', (chunk) => {
      said += chunk;
      const found = /http:\/\/\S+\//.exec(said);
      if (found) resolve(found[0]);
    });
    run.on('exit', () => reject(new Error(`the stepper ended early: ${said}`)));
  });
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
} finally {
  await browser.close();
}
