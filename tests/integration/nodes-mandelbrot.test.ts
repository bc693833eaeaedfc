import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { renderMandelbrotPng } from '../../src/nodes/index.js';
import { amqpUrl } from '../support/broker.js';
import { runCli } from '../support/cli.js';
import { test } from '../support/fixtures.js';

describe('fnsync demo mandelbrot', () => {
  test('blocks over 3 node processes, one killed mid-render: the PNG equals a single-process render', async ({ runId }) => {
    const dir = await mkdtemp(join(tmpdir(), 'fnsync-mandel-'));
    try {
      const out = join(dir, 'm.png');
      const cluster = runId('mandel');
      const result = await runCli(
        [
          'demo',
          'mandelbrot',
          '--nodes',
          '3',
          '--size',
          '128',
          '--out',
          out,
          '--cluster',
          cluster,
          '--kill-one',
          '--json',
          '--amqp',
          amqpUrl(),
        ],
        { killAfterMs: 110_000 },
      );
      expect(result.stderr).toMatch(/failed|killed/);
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout) as { killed: string | null; blocksPerNode: Record<string, number> };
      expect(summary.killed).toMatch(/^worker-/);
      expect(Object.values(summary.blocksPerNode).reduce((a, b) => a + b, 0)).toBe(64);
      expect((await readFile(out)).equals(renderMandelbrotPng(128))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a size that is not a multiple of 8: exit 2', async () => {
    const result = await runCli(['demo', 'mandelbrot', '--size', '100', '--out', '/tmp/never.png', '--amqp', amqpUrl()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--size: must be a multiple of 8/);
  });
});
