import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { provesWork } from '../../src/pow/index.js';
import { runCli } from '../support/cli.js';
import { test } from '../support/fixtures.js';

interface PowJson {
  workers: number;
  results: { client: string; nonce: number[]; zeros: number; secret: number[]; secretHex: string; cached: boolean }[];
  trace: { jsonl: string; shiviz: string; violations: unknown[] };
}

describe('fnsync pow', () => {
  test('mines for two clients with --json and --trace; the trace passes `pow check`', async ({ runId }) => {
    const dir = await mkdtemp(join(tmpdir(), 'pow-cli-'));
    const trace = join(dir, 'trace.jsonl');
    const id = runId('pow-cli');
    const result = await runCli([
      'pow',
      '--workers',
      '2',
      '--nonce',
      '1,2,3,4',
      '--nonce',
      '7,7@2',
      '--zeros',
      '3',
      '--clients',
      '2',
      '--runtime',
      'inline',
      '--json',
      '--trace',
      trace,
      '--run-id',
      id,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as PowJson;
    expect(report.results).toHaveLength(4);
    for (const r of report.results) {
      expect(provesWork(r.nonce, r.secret, r.zeros)).toBe(true);
      expect(Buffer.from(r.secret).toString('hex')).toBe(r.secretHex);
    }
    expect(new Set(report.results.map((r) => r.client))).toEqual(new Set(['client0', 'client1']));
    expect(report.trace.violations).toEqual([]);
    expect(await readFile(report.trace.shiviz, 'utf8')).toMatch(/^\(\?<host>/);

    const check = await runCli(['pow', 'check', trace]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^OK: \d+ actions, 4 requests: every rule holds/);

    // The same trace with a worker's cancel removed fails, naming the rule.
    const lines = (await readFile(trace, 'utf8')).split('\n').filter((l) => l !== '');
    const broken = join(dir, 'broken.jsonl');
    const cancel = lines.findIndex((l) => l.includes('"action":"WorkerCancel"'));
    const firstResult = lines.findIndex((l) => l.includes('"action":"CoordinatorWorkerResult"'));
    // With 2 workers both may have found a secret; then break a result instead.
    const drop = cancel >= 0 ? cancel : firstResult;
    await writeFile(broken, lines.filter((_, i) => i !== drop).join('\n'));
    const failed = await runCli(['pow', 'check', broken]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^(worker-result-or-cancel|coordinator-result-or-cancel|coordinator-success-first-secret): /m);
    expect(failed.stderr).toMatch(/^fnsync: .*rule violations\n$/);
  });

  test('shows the secret in hex and bytes and the hash rate without --json', async ({ runId }) => {
    const result = await runCli(['pow', '--workers', '4', '--nonce', '1,2,3,4', '--zeros', '4', '--run-id', runId('pow-human')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^client0 \[1 2 3 4\] 4 zeros: secret [0-9a-f]+ \[[\d ]+\] in [\d.]+ s \([\d.]+ M hashes, [\d.]+ MH\/s\)$/m,
    );
    expect(result.stdout).toMatch(/^OK: 1 requests on 4 workers \(isolate\)/m);
  });

  test('a crashed lone worker fails with exit 3, naming it; nothing is left', async ({ runId }) => {
    const result = await runCli([
      'pow',
      '--workers',
      '1',
      '--nonce',
      '1,2',
      '--zeros',
      '2',
      '--crash-worker',
      '0',
      '--run-id',
      runId('pow-crash'),
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^fnsync: .*worker 0 .*crashed/m);
  });

  test.each([
    [['--zeros', '0'], /^fnsync: --zeros: must be a whole number from 1 to 32\n$/],
    [['--zeros', '33'], /^fnsync: --zeros: must be a whole number from 1 to 32\n$/],
    [['--nonce', '', '--zeros', '3'], /^fnsync: --nonce: empty; give bytes such as 1,2,3,4\n$/],
    [['--nonce', '1,256', '--zeros', '3'], /^fnsync: --nonce: '1,256' is not a list of bytes 0-255/],
    [['--workers', '3'], /^fnsync: --workers: must be a power of two from 1 to 256\n$/],
    [['--workers', '512'], /^fnsync: --workers: must be a power of two from 1 to 256\n$/],
  ])('bad input %j exits 2 with one line', async (args, message) => {
    const result = await runCli(['pow', '--nonce', '1,2', '--zeros', '2', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('pow check refuses a file that is not a trace with exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pow-check-'));
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, 'hello\n');
    const result = await runCli(['pow', 'check', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`fnsync: ${bad}:1: not JSON\n`);
    expect((await runCli(['pow', 'check', join(dir, 'missing.jsonl')])).code).toBe(2);
  });
});
