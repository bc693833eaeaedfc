import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, startCli } from '../support/cli.js';
import { amqpUrl } from '../support/broker.js';
import { algorithms } from '../../src/exercises/index.js';
import { CONTRACT_DEVICES } from '../support/exercise-run.js';
import { expectNothingLeft } from '../support/leaks.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI (built by `npm run build`), with stdin piped. */
function fnsync(args: string[], stdin = '', log = 'warn'): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, AMQP_URL: amqpUrl(), FNSYNC_LOG: log },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fnsync-cli-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fnsync exercise (the CLI)', () => {
  it.each([
    [
      ['--lecture', '0', '--algorithm', 'PingPong', '--type', 'sync', '--devices', '1'],
      /^fnsync: --devices: must be a whole number from 2\n$/,
    ],
    [
      ['--lecture', '1', '--algorithm', 'Gosip', '--type', 'sync', '--devices', '3'],
      /^fnsync: --algorithm: lecture 1 has no algorithm 'Gosip' \(did you mean Gossip\? available: Gossip, GossipRing, ImprovedGossip\)\n$/,
    ],
    [
      ['--lecture', '3', '--algorithm', 'Gossip', '--type', 'sync', '--devices', '3'],
      /^fnsync: --lecture: no lecture 3 \(available: 0, 1(, \d+)*\)\n$/,
    ],
    [
      ['--lecture', '1', '--algorithm', 'Gossip', '--type', 'sync', '--devices', '3', '--drop', '2'],
      /^fnsync: --drop: must be a probability from 0 to 1/,
    ],
    [
      ['--lecture', '1', '--algorithm', 'Gossip', '--type', 'fast', '--devices', '3'],
      /^fnsync: --type: must be one of sync, async, stepping\n$/,
    ],
    [
      ['--lecture', '1', '--algorithm', 'Gossip', '--type', 'sync', '--devices', '3', '--partition', '0,1/7'],
      /^fnsync: --partition: device 7 does not exist/,
    ],
    [
      ['--lecture', '1', '--algorithm', 'Gossip', '--type', 'async', '--devices', '3', '--delay', '9:2'],
      /^fnsync: --delay: MIN must not exceed MAX\n$/,
    ],
    [
      ['--lecture', '1', '--algorithm', 'Gossip', '--type', 'sync', '--devices', '3', '--trace', '/no/such/folder/trace.jsonl'],
      /^fnsync: --trace: cannot write \/no\/such\/folder\/trace\.jsonl: the folder \/no\/such\/folder does not exist or is not writable\n$/,
    ],
    [
      ['--lecture', '1', '--algorithm', 'Gossip', '--type', 'async', '--devices', '3', '--crash', 'two@3'],
      /^fnsync: --crash: must be DEVICE@ROUND/,
    ],
  ])('refuses bad options with one line naming the option, exit 2: %j', async (args, expected) => {
    const ran = await fnsync(['exercise', ...args, '--transport', 'amqp']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(expected);
    expect(ran.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(ran.stdout).toBe('');
  });

  it('--list shows every lecture and algorithm, one line each (options indented under it)', async () => {
    const ran = await fnsync(['exercise', '--list']);
    expect(ran.code).toBe(0);
    const lines = ran.stdout
      .trimEnd()
      .split('\n')
      .filter((line) => line.startsWith('lecture '));
    expect(lines.map((line) => line.split(/\s+/).slice(0, 3).join(' '))).toEqual(
      algorithms.map((a) => `lecture ${a.lecture ?? '-'} ${a.name}`),
    );
    expect(lines.slice(0, 4).map((line) => line.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'lecture 0 PingPong',
      'lecture 1 Gossip',
      'lecture 1 GossipRing',
      'lecture 1 ImprovedGossip',
    ]);
    // In lecture order, 0 to 12.
    const numbers = lines.map((line) => Number(line.split(/\s+/)[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it.each(['memory', 'amqp'])('PingPong with 3 devices in sync reports 30 messages and 10 rounds on %s', async (transport) => {
    const ran = await fnsync([
      'exercise',
      '--lecture',
      '0',
      '--algorithm',
      'PingPong',
      '--type',
      'sync',
      '--devices',
      '3',
      '--transport',
      transport,
      '--seed',
      '5',
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('Total messages sent: 30');
    expect(ran.stdout).toContain('Average messages per device: 10.00');
    expect(ran.stdout).toContain('Rounds: 10');
    expect(ran.stdout).toMatch(/Messages per type: ping \d+, pong \d+/);
    const json = await fnsync([
      'exercise',
      '--lecture',
      '0',
      '--algorithm',
      'PingPong',
      '--type',
      'sync',
      '--devices',
      '3',
      '--transport',
      transport,
      '--seed',
      '5',
      '--json',
    ]);
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual([
      'lecture',
      'algorithm',
      'type',
      'transport',
      'devices',
      'seed',
      'options',
      'messages',
      'rounds',
      'ended',
      'waiting',
      'check',
      'traceHash',
      'results',
    ]);
    expect(report).toMatchObject({
      lecture: 0,
      algorithm: 'PingPong',
      type: 'sync',
      transport,
      devices: 3,
      seed: 5,
      messages: { total: 30, perDevice: 10 },
      rounds: 10,
      check: { passed: true },
    });
  });

  it('the same seed on memory prints the same traceHash and trace file; another seed does not', async () => {
    const args = [
      'exercise',
      '--lecture',
      '1',
      '--algorithm',
      'GossipRing',
      '--type',
      'async',
      '--devices',
      '6',
      '--duplicate',
      '0.2',
      '--json',
    ];
    const [a, b, c] = await Promise.all([
      fnsync([...args, '--seed', '11', '--trace', join(dir, 'a.jsonl')]),
      fnsync([...args, '--seed', '11', '--trace', join(dir, 'b.jsonl')]),
      fnsync([...args, '--seed', '12']),
    ]);
    const hash = (ran: Ran | undefined): unknown => (JSON.parse(ran?.stdout ?? '{}') as { traceHash?: string }).traceHash;
    expect(hash(a)).toBe(hash(b));
    expect(hash(c)).not.toBe(hash(a));
    expect(await readFile(join(dir, 'a.jsonl'), 'utf8')).toBe(await readFile(join(dir, 'b.jsonl'), 'utf8'));
  });

  it.each(['memory', 'amqp'])('a stepping session driven through piped stdin (%s): queue, pick, step, swap, exit', async (transport) => {
    const trace = join(dir, `stepping-${transport}.jsonl`);
    const ran = await fnsync(
      [
        'exercise',
        '--lecture',
        '1',
        '--algorithm',
        'Gossip',
        '--type',
        'stepping',
        '--devices',
        '2',
        '--seed',
        '1',
        '--transport',
        transport,
        '--trace',
        trace,
      ],
      'queue\nqueue 1\npick 1\n\nswap\nexit\n',
    );
    expect(ran.code, ran.stderr).toBe(0);
    // On RabbitMQ the two sends reach the emulator in either order; `pick 1` takes whichever is second.
    const listed = [...ran.stderr.matchAll(/^ {2}\[(\d)\] gossip (\d) -> (\d)/gm)].slice(0, 2).map((m) => [m[2], m[3]].join(' -> '));
    expect(listed.sort()).toEqual(['0 -> 1', '1 -> 0']);
    const [first = '', second = ''] = [...ran.stderr.matchAll(/^ {2}\[(\d)\] gossip (\d -> \d)/gm)].slice(0, 2).map((m) => m[2] ?? '');
    expect(ran.stderr).toContain('1 in flight to device 1:');
    expect(ran.stderr).toContain(`picked gossip ${second} as the next delivery`);
    expect(ran.stderr).toContain(`delivered gossip ${second}`);
    expect(ran.stderr).toContain('now async');
    expect(ran.stderr).toContain(`stepping ends (exit); running to the end\ndelivered gossip ${first}`);
    const lines = (await readFile(trace, 'utf8')).trimEnd().split('\n');
    const message = (src: string, dst: string): string => `{"type":"gossip","source":${src},"destination":${dst},"secrets":[${src}]}`;
    const [ps, pd] = second.split(' -> ');
    const [fs, fd] = first.split(' -> ');
    expect(lines.slice(0, 2).map((line) => (JSON.parse(line) as { kind: string }).kind)).toEqual(['send', 'send']);
    expect(lines.slice(2)).toEqual([
      `{"seq":3,"kind":"deliver","src":${ps},"dst":${pd},"type":"gossip","msg":${message(ps ?? '', pd ?? '')},"round":0}`,
      '{"seq":4,"kind":"round","src":null,"dst":null,"type":null,"msg":null,"round":0}',
      `{"seq":5,"kind":"deliver","src":${fs},"dst":${fd},"type":"gossip","msg":${message(fs ?? '', fd ?? '')}}`,
    ]);
    if (transport === 'memory') expect(second).toBe('1 -> 0'); // seeded and deterministic: device 0 runs first
    expect(ran.stdout).toContain('Check passed');
  });

  it('runs a user TypeScript file, checks it like the registered algorithm of its name, exit 1 when it fails', async () => {
    const good = join(dir, 'my-gossip.ts');
    await writeFile(
      good,
      `import { Device, type Message } from 'fnsync';
interface Rumour extends Message { secrets: number[] }
export class MyGossip extends Device<Rumour> {
  private readonly known = new Set<number>([this.index]);
  async run(): Promise<void> {
    for (const id of this.medium.ids) if (id !== this.index) this.medium.send({ type: 'gossip', source: this.index, destination: id, secrets: [this.index] });
    while (this.known.size < this.numberOfDevices) {
      await this.medium.waitForNextRound();
      for (const m of this.medium.receiveAll()) for (const s of m.secrets) this.known.add(s);
    }
  }
  override result(): unknown { return { secrets: [...this.known] }; }
}
export class Gossip extends MyGossip {
  override async run(): Promise<void> { await this.medium.waitForNextRound(); } // broken: tells nobody
}
`,
    );
    const ok = await fnsync(['exercise', '--file', good, '--algorithm', 'MyGossip', '--type', 'async', '--devices', '4', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ lecture: null, algorithm: 'MyGossip', messages: { total: 12 } });
    const broken = await fnsync([
      'exercise',
      '--file',
      good,
      '--lecture',
      '1',
      '--algorithm',
      'Gossip',
      '--type',
      'sync',
      '--devices',
      '4',
    ]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Check FAILED');
    expect(broken.stderr).toMatch(/^fnsync: Gossip failed its check: device 0 does not know secrets 1, 2, 3/);
  });

  it.each([
    ['memory', 'inline'],
    ['amqp', 'inline'],
    ['amqp', 'local'],
    ['amqp', 'isolate'],
  ])('runs a user file on %s with the %s runtime; without a checker it says nothing was checked', async (transport, runtime) => {
    const ran = await fnsync([
      'exercise',
      '--file',
      CONTRACT_DEVICES,
      '--algorithm',
      'Marker',
      '--type',
      'sync',
      '--devices',
      '3',
      '--option',
      'entries=2',
      '--transport',
      transport,
      '--runtime',
      runtime,
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^Not checked: Marker has no checker, so nothing was checked/m);
    expect(ran.stdout).toContain('Rounds: 2');
  });

  it('prints what devices print on stderr, so that --json stays one JSON object, also when piped', async () => {
    const ran = await fnsync([
      'exercise',
      '--file',
      CONTRACT_DEVICES,
      '--algorithm',
      'Talker',
      '--type',
      'sync',
      '--devices',
      '2',
      '--json',
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ algorithm: 'Talker', devices: 2 });
    expect(ran.stderr).toContain('device 0 says hello');
    const human = await fnsync(['exercise', '--file', CONTRACT_DEVICES, '--algorithm', 'Talker', '--type', 'sync', '--devices', '2']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('Statistics');
  });

  it('refuses a file without a valid device class, or one that does not compile, with exit 2', async () => {
    const file = join(dir, 'not-devices.js');
    await writeFile(file, 'export const Gossip = 42;\nexport class Other { async run() {} }\n');
    const missing = await fnsync(['exercise', '--file', file, '--algorithm', 'Nope', '--type', 'sync', '--devices', '3']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^fnsync: --algorithm: .*not-devices\.js does not export 'Nope' \(device classes there: Other\)\n$/);
    const notClass = await fnsync(['exercise', '--file', file, '--algorithm', 'Gossip', '--type', 'sync', '--devices', '3']);
    expect(notClass.code).toBe(2);
    expect(notClass.stderr).toMatch(/^fnsync: --algorithm: 'Gossip' in .* is not a device class/);
    const syntax = join(dir, 'broken.ts');
    await writeFile(syntax, 'export class Broken extends {\n');
    const compiled = await fnsync(['exercise', '--file', syntax, '--algorithm', 'Broken', '--type', 'sync', '--devices', '3']);
    expect(compiled.code).toBe(2);
    expect(compiled.stderr).toMatch(/^fnsync: --file: .*broken\.ts does not compile \(line \d+\)/);
    expect(compiled.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each(['memory', 'amqp'])("a partitioned Gossip stops at quiescence with the checker's verdict, exit 1 (%s)", async (transport) => {
    const ran = await fnsync(
      [
        'exercise',
        '--lecture',
        '1',
        '--algorithm',
        'Gossip',
        '--type',
        'async',
        '--devices',
        '4',
        '--partition',
        '0,1/2,3',
        '--transport',
        transport,
      ],
      '',
      'info',
    );
    expect(ran.code, ran.stderr).toBe(1);
    expect(ran.stdout).toMatch(/^Quiescent: devices 0, 1, 2, 3 were still waiting/m);
    expect(ran.stdout).toMatch(/^Check FAILED: device 0 does not know secrets 2, 3/m);
    expect(ran.stdout).toContain('Total messages sent: 12');
    const runId = /run ([0-9a-f]{8}): Gossip/.exec(ran.stderr)?.[1];
    expect(runId).toBeDefined();
    await expectNothingLeft(runId ?? '');
  });

  it.each(['memory', 'amqp'])(
    'a device that never yields ends at --timeout with exit 3, naming it, and Ctrl-C still works (%s)',
    async (transport) => {
      const args = [
        'exercise',
        '--file',
        CONTRACT_DEVICES,
        '--algorithm',
        'Spinner',
        '--type',
        'sync',
        '--devices',
        '3',
        '--transport',
        transport,
      ];
      // The guard is the test's bound: --timeout plus the supervisor's second, plus start-up.
      const timedOut = await runCli([...args, '--timeout', '5000'], { killAfterMs: 30_000 });
      expect(timedOut.code, timedOut.stderr).toBe(3);
      expect(timedOut.stderr).toMatch(/^fnsync: the exercise did not finish within 5000 ms: device 2 ran last and never yielded/m);
      const interrupted = startCli([...args, '--timeout', '60000'], { killAfterMs: 30_000, env: { FNSYNC_LOG: 'info' } });
      // Once the run has begun (the engine says so), device 2 spins within a round.
      await vi.waitFor(
        () => {
          expect(interrupted.stderr()).toContain('Spinner, sync, 3 devices');
        },
        { timeout: 20_000, interval: 50 },
      );
      interrupted.child.kill('SIGINT');
      const stopped = await interrupted.done;
      expect(stopped.code, stopped.stderr).toBe(130);
      expect(stopped.stderr).toMatch(/^fnsync: interrupted \(SIGINT\)$/m);
    },
  );

  it('a run that never ends stops at --timeout with exit 3 and leaves nothing on the broker', async () => {
    const ran = await fnsync(
      [
        'exercise',
        '--file',
        CONTRACT_DEVICES,
        '--algorithm',
        'Chatter',
        '--type',
        'sync',
        '--devices',
        '3',
        '--timeout',
        '4000',
        '--transport',
        'amqp',
      ],
      '',
      'info',
    );
    expect(ran.code).toBe(3);
    const lines = ran.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^fnsync: the exercise did not finish within 4000 ms/);
    const runId = /run ([0-9a-f]{8}): Chatter/.exec(ran.stderr)?.[1];
    expect(runId).toBeDefined();
    await expectNothingLeft(runId ?? '');
  });
});
