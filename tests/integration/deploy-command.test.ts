import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');

function fnsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('fnsync deploy', () => {
  it('--help documents every option with its default', async () => {
    const help = await fnsync(['deploy', '--help']);
    expect(help.code).toBe(0);
    const text = help.stdout.replace(/\s+/g, ' ');
    for (const [option, fallback] of [
      ['--runtime <name>', 'default: "lambda"'],
      ['--lambda-endpoint <url>', 'default: $FNSYNC_LAMBDA_ENDPOINT'],
      ['--lambda-region <region>', 'else us-east-1'],
      ['--lambda-prefix <prefix>', 'else fnsync'],
      ['--lambda-role <arn>', 'default: $FNSYNC_LAMBDA_ROLE'],
      ['--memory <mb>', 'default: "1024"'],
      ['--function-timeout <s>', 'default: "300"'],
      ['--out-dir <dir>', 'default: ".fnsync/lambda"'],
      ['--dry-run', 'default: false'],
    ] as const) {
      const at = text.indexOf(option);
      expect(at, option).toBeGreaterThanOrEqual(0);
      expect(
        text.slice(at, text.indexOf(' --', at + option.length) === -1 ? undefined : text.indexOf(' --', at + option.length)),
        option,
      ).toContain(fallback);
    }
  });

  it('--dry-run bundles every function (master, slave, pow coordinator and worker) and says what it would do', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'fnsync-dry-run-'));
    const run = await fnsync(['deploy', '--dry-run', '--out-dir', outDir, '--lambda-prefix', 'demo', '--lambda-region', 'eu-west-1']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^would create or update 'demo-master' at AWS Lambda in eu-west-1: nodejs20\.x, handler index\.handler, 1024 MB, timeout 300 s, role \(none given: needed to create\)/,
    );
    expect(lines[1]).toMatch(/^would create or update 'demo-slave' at AWS Lambda in eu-west-1/);
    expect(lines[2]).toMatch(/^would create or update 'demo-pow-coordinator' at AWS Lambda in eu-west-1/);
    expect(lines[3]).toMatch(/^would create or update 'demo-pow-worker' at AWS Lambda in eu-west-1/);
    for (const name of ['demo-master', 'demo-slave', 'demo-pow-coordinator', 'demo-pow-worker']) {
      expect(existsSync(join(outDir, name, 'index.mjs'))).toBe(true);
      expect(existsSync(join(outDir, `${name}.zip`))).toBe(true);
    }
    await rm(outDir, { recursive: true, force: true });
  });

  it('refuses bad options with exit 2, naming the option', async () => {
    const memory = await fnsync(['deploy', '--dry-run', '--memory', '64']);
    expect(memory.code).toBe(2);
    expect(memory.stderr).toBe('fnsync: --memory: must be at least 128\n');
    const role = await fnsync(['deploy', '--dry-run', '--lambda-role', 'admin']);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('fnsync: --lambda-role: must be an IAM role ARN');
    const runtime = await fnsync(['deploy', '--runtime', 'openwhisk']);
    expect(runtime.code).toBe(2);
  });
});
