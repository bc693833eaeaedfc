import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amqpUrl } from '../support/broker.js';
import { expectNothingLeft as expectRunGone } from '../support/leaks.js';
import { FAILING_MESSAGE } from './fixtures/test-functions.js';
import { BROKEN_PREFIX, MISSING_PREFIX, TEST_PREFIX, lambdaEndpoint } from './offline-service.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real CLI, as a user runs it. */
function fnsync(args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, AMQP_URL: amqpUrl() }, timeout: 100_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}

const lambdaArgs = (prefix: string): string[] => ['--runtime', 'lambda', '--lambda-endpoint', lambdaEndpoint(), '--lambda-prefix', prefix];

interface RunJson {
  runId: string;
  slaves: number;
  identical: boolean;
  runtime: string;
  list: { writer: number; value: number }[];
  results: { slave: number; list: unknown[] }[];
  order: number[];
}

/**
 * Nothing of the run is left on the broker. A failed run prints no run id, but its error names the
 * invocation, `<runId>-<n>`. (Only this run's names: other suites may share the broker.)
 */
async function expectNothingLeft(run: CliRun): Promise<void> {
  const runId = /"runId":"([a-z0-9-]+)"/.exec(run.stdout)?.[1] ?? /\(invocation ([a-z0-9]+)-\d+\)/.exec(run.stderr)?.[1];
  expect(runId).toBeDefined();
  await expectRunGone(runId ?? '?');
}

describe('fnsync run --runtime lambda (serverless-offline)', () => {
  for (const slaves of [3, 10]) {
    it(`N = ${slaves}: every slave returns the same list, the same as on the inline runtime`, async () => {
      const seed = String(1000 + slaves);
      const run = await fnsync(['run', '--slaves', String(slaves), '--seed', seed, '--json', ...lambdaArgs(TEST_PREFIX)]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as RunJson;
      expect(report.runtime).toBe('lambda');
      expect(report.identical).toBe(true);
      expect(report.results).toHaveLength(slaves);
      for (const result of report.results) expect(result.list).toEqual(report.list);
      expect(report.list.map((e) => e.writer)).toEqual(report.order);
      expect([...report.order].sort((a, b) => a - b)).toEqual([...Array(slaves).keys()]);

      // The same seed on another runtime gives the same list: the functions are the same code.
      const inline = await fnsync(['run', '--slaves', String(slaves), '--seed', seed, '--json', '--runtime', 'inline']);
      expect(inline.code).toBe(0);
      expect((JSON.parse(inline.stdout) as RunJson).list).toEqual(report.list);
      await expectNothingLeft(run);
    });
  }

  it('reports a function that throws with exit 3 and its message', async () => {
    const run = await fnsync(['run', '--slaves', '3', ...lambdaArgs(BROKEN_PREFIX)]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^fnsync: (master|slave \\d) \\(invocation [a-z0-9-]+\\) failed: ${FAILING_MESSAGE}\\n$`));
    await expectNothingLeft(run);
  });

  it('names a function that is not deployed, exit 3', async () => {
    const run = await fnsync(['run', '--slaves', '3', ...lambdaArgs(MISSING_PREFIX)]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      new RegExp(
        `^fnsync: (master|slave \\d) \\(invocation [a-z0-9-]+\\) cannot start: function '${MISSING_PREFIX}-(master|slave)' is not deployed at ${lambdaEndpoint()} \\(deploy it with: fnsync deploy --runtime lambda --lambda-prefix ${MISSING_PREFIX}\\)\\n$`,
      ),
    );
    await expectNothingLeft(run);
  });

  it('says which endpoint does not answer, exit 3', async () => {
    const run = await fnsync([
      'run',
      '--slaves',
      '3',
      '--runtime',
      'lambda',
      '--lambda-endpoint',
      'http://127.0.0.1:9',
      '--lambda-prefix',
      TEST_PREFIX,
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('the Lambda endpoint http://127.0.0.1:9 does not answer');
    await expectNothingLeft(run);
  });
});

describe('fnsync pow --runtime lambda (serverless-offline)', () => {
  it('a coordinator and 4 workers as Lambda functions find secrets that MD5 proves, and leave nothing', async () => {
    const run = await fnsync(['pow', '--workers', '4', '--nonce', '1,2,3,4', '--zeros', '3', '--json', ...lambdaArgs(TEST_PREFIX)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { runId: string; runtime: string; results: { nonce: number[]; secret: number[] }[] };
    expect(report.runtime).toBe('lambda');
    expect(report.results).toHaveLength(1);
    for (const { nonce, secret } of report.results) {
      const hex = createHash('md5')
        .update(Buffer.from([...nonce, ...secret]))
        .digest('hex');
      expect(hex.endsWith('000')).toBe(true);
    }
    await expectRunGone(report.runId);
  });
});
