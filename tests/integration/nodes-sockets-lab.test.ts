import { describe, expect } from 'vitest';
import { amqpUrl } from '../support/broker.js';
import { runCli } from '../support/cli.js';
import { test } from '../support/fixtures.js';

describe('fnsync demo sockets-lab', () => {
  test('two files fetched in chunks from a pool of 3 workers, SHA-256 checked, sizes told to the echo service', async ({ runId }) => {
    const cluster = runId('lab');
    const result = await runCli(['demo', 'sockets-lab', '--workers', '3', '--cluster', cluster, '--json', '--amqp', amqpUrl()], {
      killAfterMs: 110_000,
    });
    // stderr may carry a warning (a peer slow to answer an echo on a loaded machine); the result is what counts.
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      transfers: { name: string; size: number; chunks: number; echo: string; chunksPerNode: Record<string, number> }[];
    };
    expect(report.transfers.map((t) => [t.name, t.size, t.echo])).toEqual([
      ['small.bin', 55_696, 'The size of small.bin is 55696'],
      ['large.bin', 583_163, 'The size of large.bin is 583163'],
    ]);
    const large = report.transfers[1];
    expect(large?.chunks).toBe(9);
    expect(Object.values(large?.chunksPerNode ?? {}).reduce((a, b) => a + b, 0)).toBe(9);
  });
});
