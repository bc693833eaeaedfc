import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amqpUrl } from '../support/broker.js';
import { runCli } from '../support/cli.js';
import { test } from '../support/fixtures.js';

interface TraceLine {
  seq: number;
  kind: string;
  src: number | null;
  dst: number | null;
  type: string | null;
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fnsync-diagram-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The delivered arrows of an SVG diagram: [send seq, deliver seq, src, dst, type]. */
function deliveredArrows(svg: string): [number, number, number, number, string][] {
  return [
    ...svg.matchAll(
      /<g class="arrow( duplicate)?" data-from="(\d+)" data-to="(\d+)" data-src="(\d+)" data-dst="(\d+)" data-type="([^"]*)">/g,
    ),
  ].map((m) => [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), m[6] ?? '']);
}

describe('Lamport diagrams from the CLI', () => {
  it('exercise --diagram draws one arrow per delivery of the trace, and view --diagram draws the same from the saved trace', async () => {
    const trace = join(dir, 'run.jsonl');
    const diagram = join(dir, 'run.svg');
    const ran = await runCli([
      'exercise',
      '--lecture',
      '1',
      '--algorithm',
      'Gossip',
      '--type',
      'async',
      '--devices',
      '4',
      '--seed',
      '4',
      '--drop',
      '0.1',
      '--duplicate',
      '0.1',
      '--trace',
      trace,
      '--diagram',
      diagram,
    ]);
    expect([0, 1], ran.stderr).toContain(ran.code);
    const events = (await readFile(trace, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TraceLine);
    const deliveries = events.filter((event) => event.kind === 'deliver');
    const svg = await readFile(diagram, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    const arrows = deliveredArrows(svg);
    expect(arrows.map(([, to, src, dst, type]) => [to, src, dst, type])).toEqual(deliveries.map((e) => [e.seq, e.src, e.dst, e.type]));
    const fromView = join(dir, 'view.svg');
    const viewed = await runCli(['view', trace, '--diagram', fromView]);
    expect(viewed.code, viewed.stderr).toBe(0);
    expect(deliveredArrows(await readFile(fromView, 'utf8'))).toEqual(arrows);
  });

  it.each([
    ['garbage.jsonl', 'hello\n', /^fnsync: .*garbage\.jsonl:1: not a trace line \(not JSON\).*\n$/],
    ['missing.jsonl', null, /^fnsync: cannot read the trace .*missing\.jsonl: .*\n$/],
  ])('view refuses a bad trace file (%s) with exit 2 and one line', async (name, text, message) => {
    const path = join(dir, name);
    if (text !== null) await writeFile(path, text);
    const ran = await runCli(['view', path]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(message);
  });

  it('--ui needs --type stepping, and --host needs --ui', async () => {
    const base = ['exercise', '--lecture', '0', '--algorithm', 'PingPong', '--devices', '3'];
    const sync = await runCli([...base, '--type', 'sync', '--ui']);
    expect(sync.code).toBe(2);
    expect(sync.stderr).toBe('fnsync: --ui: serves the web stepper: use it with --type stepping\n');
    const host = await runCli([...base, '--type', 'sync', '--host', '0.0.0.0']);
    expect(host.code).toBe(2);
    expect(host.stderr).toBe('fnsync: --host: applies to --ui only\n');
  });
});

describe('the synchronizer timeline', () => {
  test("run --timeline draws each function, the barrier, every round's grant and value, and done", async ({ runId }) => {
    const path = join(dir, 'timeline.svg');
    // A generous lease: on a loaded machine a slave may be slow to write, and this test is about the picture.
    const id = runId('timeline');
    const ran = await runCli(
      ['run', '--slaves', '3', '--runtime', 'inline', '--seed', '2', '--run-id', id, '--json', '--timeline', path, '--lease', '30000'],
      {
        env: { AMQP_URL: amqpUrl() },
      },
    );
    expect(ran.code, ran.stderr).toBe(0);
    const report = JSON.parse(ran.stdout) as { list: { writer: number; value: number }[]; order: number[] };
    const svg = await readFile(path, 'utf8');
    // Both panels (the whole run, the protocol) draw every function and mark.
    const rows = [...svg.matchAll(/<rect class="running" data-fn="([^"]+)"/g)].map((m) => m[1]);
    expect(rows).toEqual([...['master', 'slave 0', 'slave 1', 'slave 2'], ...['master', 'slave 0', 'slave 1', 'slave 2']]);
    const grants = [...svg.matchAll(/<circle class="grant" data-round="(\d+)" data-slave="(\d+)"/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(grants.slice(0, 3).sort()).toEqual(report.order.map((slave, round) => [round, slave]).sort());
    const values = [...svg.matchAll(/<rect class="value" data-round="(\d+)" data-slave="(\d+)" data-value="(\d+)"/g)]
      .slice(0, 3)
      .map((m) => [Number(m[1]), Number(m[2]), Number(m[3])])
      .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    expect(values).toEqual(report.list.map((entry, round) => [round, entry.writer, entry.value]));
    expect(svg.match(/<line class="start"/g)).toHaveLength(2);
    expect(svg.match(/<line class="done"/g)).toHaveLength(2);
  });

  it('refuses a --timeline it could not write, before the run', async () => {
    const ran = await runCli(['run', '--slaves', '1', '--timeline', join(dir, 'no', 'such', 'folder', 't.svg')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^fnsync: --timeline: cannot write .*t\.svg: the folder .* does not exist or is not writable\n$/);
  });
});
