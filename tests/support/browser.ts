import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { RunningCli } from './cli.js';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it): Playwright downloads no browser. */
export const CHROMIUM = process.env.FNSYNC_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set FNSYNC_CHROMIUM)`);

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** The page's URL, once the CLI has printed it. */
export async function pageUrl(cli: RunningCli): Promise<string> {
  await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+\//.exec(cli.stderr())?.[0], { timeout: 60_000 }).toBeDefined();
  return /http:\/\/127\.0\.0\.1:\d+\//.exec(cli.stderr())?.[0] ?? '';
}

/**
 * A describe block whose tests share one Chromium, launched before them and closed after them;
 * skipped (with the line above) where there is none. `browser()` hands it to a test.
 */
export function describeInChromium(title: string, body: (browser: () => Browser) => void): void {
  describe.skipIf(!haveChromium)(title, () => {
    let launched: Browser | undefined;
    beforeAll(async () => {
      launched = await launchChromium();
    });
    afterAll(async () => {
      await launched?.close();
    });
    body(() => {
      if (launched === undefined) throw new Error('Chromium did not start');
      return launched;
    });
  });
}
