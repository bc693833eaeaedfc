import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real, built CLI (npm test builds first). */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
  /** What it has written to stderr so far. */
  stderr(): string;
  /** What it has written to stdout so far. */
  stdout(): string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed (stdin is closed at once without it). */
  input?: string;
  /**
   * A guard so that a CLI that hangs fails its test instead of the whole suite: after this long it
   * is killed (SIGKILL) and the result says so. Not a measure of speed. Default 120 s.
   */
  killAfterMs?: number;
}

/** Spawns `node dist/cli/main.js ...args`. */
export function startCli(args: string[], options: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  if (options.input !== undefined) child.stdin.write(options.input);
  child.stdin.end();
  const guard = setTimeout(() => {
    stderr += `\n[test] the CLI did not exit within ${options.killAfterMs ?? 120_000} ms and was killed\n`;
    child.kill('SIGKILL');
  }, options.killAfterMs ?? 120_000);
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done, stderr: () => stderr, stdout: () => stdout };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}
