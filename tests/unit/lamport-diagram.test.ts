import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lamportSvg } from '../../src/ui/lamport-svg.js';
import { replay, seqOfStep, type RunEvent } from '../../src/ui/run-model.js';
import { readTraceFile } from '../../src/ui/trace-file.js';
import { runRegistered } from '../support/exercise-run.js';

interface ArrowAttributes {
  classes: string;
  from: number;
  to: number;
  src: number;
  dst: number;
  type: string;
}

/** The arrows of a diagram, read back from its SVG text. */
function arrowsOf(svg: string): ArrowAttributes[] {
  const pattern = /<g class="(arrow[^"]*)" data-from="(\d+)" data-to="(\d+)" data-src="(\d+)" data-dst="(\d+)" data-type="([^"]*)">/g;
  return [...svg.matchAll(pattern)].map(([, classes = '', from, to, src, dst, type = '']) => ({
    classes,
    from: Number(from),
    to: Number(to),
    src: Number(src),
    dst: Number(dst),
    type,
  }));
}

describe('the Lamport diagram', () => {
  it('draws one arrow per delivery, from its send, and marks drops and duplicates (async, faults)', async () => {
    const { trace } = await runRegistered(0, 'PingPong', {
      devices: 5,
      mode: 'async',
      seed: 3,
      faults: { drop: 0.2, duplicate: 0.2, delay: { min: 0, max: 3 } },
    });
    const events = trace.events() as RunEvent[];
    const bySeq = new Map(events.map((event) => [event.seq, event]));
    const deliveries = events.filter((event) => event.kind === 'deliver');
    const drops = events.filter((event) => event.kind === 'drop');
    const duplicates = events.filter((event) => event.kind === 'duplicate');
    expect(drops.length).toBeGreaterThan(0);
    expect(duplicates.length).toBeGreaterThan(0);
    const svg = lamportSvg(events, 5);
    const delivered = arrowsOf(svg).filter((arrow) => !arrow.classes.includes('dropped'));
    expect(delivered.map((arrow) => arrow.to)).toEqual(deliveries.map((event) => event.seq));
    for (const arrow of delivered) {
      const sent = bySeq.get(arrow.from);
      const got = bySeq.get(arrow.to);
      expect(sent).toMatchObject({ kind: 'send', src: arrow.src, dst: arrow.dst, type: arrow.type });
      expect(got).toMatchObject({ kind: 'deliver', src: arrow.src, dst: arrow.dst, type: arrow.type });
      expect(arrow.from).toBeLessThan(arrow.to);
      expect(svg).toContain(`>${arrow.type}`);
    }
    // Every drop is drawn: lost on the wire (a cross after the send) or at a crashed device's door.
    const losses = [...svg.matchAll(/<g class="loss"/g)].length;
    const droppedArrows = arrowsOf(svg).length - delivered.length;
    expect(losses + droppedArrows).toBe(drops.length);
    // A duplicated message's second copy, when delivered, is dashed.
    expect(delivered.filter((arrow) => arrow.classes.includes('duplicate')).length).toBeLessThanOrEqual(duplicates.length);
    expect(delivered.some((arrow) => arrow.classes.includes('duplicate'))).toBe(true);
  });

  it('shows sync rounds as bands and a dot per event for time travel', async () => {
    const { trace, report } = await runRegistered(0, 'PingPong', { devices: 3, seed: 2 });
    const events = trace.events() as RunEvent[];
    const svg = lamportSvg(events, 3, { selected: seqOfStep(events, 3) });
    expect([...svg.matchAll(/<rect class="round"/g)].length).toBe(report.rounds);
    expect([...svg.matchAll(/<circle class="event/g)].length).toBe(
      events.filter((e) => e.kind !== 'round' && e.kind !== 'duplicate').length,
    );
    expect([...svg.matchAll(/<line class="now"/g)].length).toBe(1);
    expect([...svg.matchAll(/device \d/g)].length).toBe(3);
  });

  it('escapes what a user algorithm names its messages', () => {
    const events: RunEvent[] = [
      { seq: 1, kind: 'send', src: 0, dst: 1, type: '<b>&', msg: {} },
      { seq: 2, kind: 'deliver', src: 0, dst: 1, type: '<b>&', msg: {} },
    ];
    const svg = lamportSvg(events, 2);
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&#60;b&#62;&#38;');
  });
});

describe('replaying a trace (time travel)', () => {
  it('gives each device what it sent, received and has in flight at a moment; nothing in flight at the end', async () => {
    const { trace, report } = await runRegistered(0, 'PingPong', { devices: 4, seed: 9 });
    const events = trace.events() as RunEvent[];
    const end = replay(events, 4);
    expect(end.devices.every((device) => device.inbox.length === 0)).toBe(true);
    expect(end.devices.reduce((sum, device) => sum + device.sent.length, 0)).toBe(report.messages.total);
    expect(end.arrows).toHaveLength(events.filter((event) => event.kind === 'deliver').length);
    // Just after the first delivery of round 0, the other three pings of that round are in flight.
    const first = seqOfStep(events, 1) ?? 0;
    const moment = replay(events, 4, first);
    expect(moment.devices.reduce((sum, device) => sum + device.inbox.length, 0)).toBe(3);
    expect(moment.devices.reduce((sum, device) => sum + device.received.length, 0)).toBe(1);
  });
});

describe('reading a saved trace (fnsync view)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fnsync-trace-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads what --trace writes', async () => {
    const { trace } = await runRegistered(0, 'PingPong', { devices: 3, seed: 1 });
    const path = join(dir, 'good.jsonl');
    await writeFile(path, trace.text());
    expect(await readTraceFile(path)).toEqual(trace.events());
  });

  it.each([
    ['not json\n', /bad\.jsonl:1: not a trace line \(not JSON\)/],
    ['{"seq":1,"kind":"teleport","src":0,"dst":1,"type":"x","msg":null}\n', /bad\.jsonl:1: not a trace line: kind: /],
    ['{"seq":1,"kind":"send","src":-1,"dst":1,"type":"x","msg":null}\n', /bad\.jsonl:1: not a trace line: src: /],
    [
      '{"seq":2,"kind":"send","src":0,"dst":1,"type":"x","msg":null}\n{"seq":1,"kind":"send","src":0,"dst":1,"type":"x","msg":null}\n',
      /bad\.jsonl:2: seq 1 does not follow 2/,
    ],
    ['\n\n', /bad\.jsonl: the trace is empty/],
  ])('refuses a bad trace with one line naming the problem (%#)', async (text, message) => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, text);
    await expect(readTraceFile(path)).rejects.toMatchObject({ code: 'usage', message: expect.stringMatching(message) as unknown });
  });
});
