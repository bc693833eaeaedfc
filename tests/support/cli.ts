import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real, built CLI (npm test builds first). */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/** Spawns `node dist/cli/main.js ...args`; stdin is piped when `input` is given, else closed. */
export function startCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): RunningCli {
  const started = Date.now();
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
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code) => {
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
  return { child, done };
}

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** A run id unique to this test process, so that parallel test files never share broker names. */
export function testRunId(tag: string): string {
  return `t-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`.toLowerCase().slice(0, 40);
}
