import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/common/index.js';
import { BOARD_HEIGHT, BOARD_WIDTH, MAX_STROKES, STROKE_POINTS, StrokeDrawing, type Stroke } from '../../src/nodes/index.js';
import { NodeMessage, STROKES_PER_BATCH } from '../../src/nodes/messages.js';
import type { NodePort } from '../../src/nodes/port.js';
import { TokenBucket } from '../../src/nodes/token-bucket.js';
import { Whiteboard } from '../../src/nodes/whiteboard.js';
import { Rejections } from '../../src/transport/rejections.js';

const ME = '0000000a';
const PEER = '0000000b';
const line = {
  color: '#0072b2',
  width: 3,
  points: [
    [10, 20],
    [30, 40],
  ] as [number, number][],
};

/** A whiteboard on a port that records what it would put on the broker. */
function board(): { wb: Whiteboard; sent: { to: string | null; message: NodeMessage }[]; heard: Stroke[]; rejections: Rejections } {
  const sent: { to: string | null; message: NodeMessage }[] = [];
  const heard: Stroke[] = [];
  const rejections = new Rejections();
  const port = {
    id: ME,
    log: createLogger('test'),
    connection: { rejections },
    broadcast: (message: NodeMessage) => sent.push({ to: null, message }),
    send: (to: string, message: NodeMessage) => sent.push({ to, message }),
  } as unknown as NodePort;
  return { wb: new Whiteboard(port, (stroke) => heard.push(stroke)), sent, heard, rejections };
}

describe('whiteboard strokes: validation', () => {
  it('takes a polyline on the board and refuses what is off it, too long, or not a colour', () => {
    expect(StrokeDrawing.safeParse(line).success).toBe(true);
    expect(StrokeDrawing.safeParse({ ...line, points: [[BOARD_WIDTH, BOARD_HEIGHT]] }).success).toBe(true);
    for (const bad of [
      { ...line, points: [] },
      { ...line, points: [[BOARD_WIDTH + 1, 0]] },
      { ...line, points: [[-1, 0]] },
      { ...line, points: [[1.5, 0]] },
      { ...line, points: Array.from({ length: STROKE_POINTS + 1 }, () => [1, 1]) },
      { ...line, color: 'red' },
      { ...line, color: '#0072b2;x' },
      { ...line, width: 0 },
      { ...line, width: 100 },
      { ...line, extra: 1 },
    ])
      expect(StrokeDrawing.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
  });

  it('travels as a stroke (with its author and number) or a batch for a newcomer, no larger than the rules', () => {
    const stroke = { ...line, by: PEER, seq: 1 };
    expect(NodeMessage.safeParse({ type: 'stroke', from: PEER, stroke }).success).toBe(true);
    expect(NodeMessage.safeParse({ type: 'stroke', from: PEER, stroke: { ...stroke, by: 'alice' } }).success).toBe(false);
    expect(NodeMessage.safeParse({ type: 'strokes', from: PEER, strokes: Array(STROKES_PER_BATCH).fill(stroke) }).success).toBe(true);
    expect(NodeMessage.safeParse({ type: 'strokes', from: PEER, strokes: Array(STROKES_PER_BATCH + 1).fill(stroke) }).success).toBe(false);
    // The largest batch stays under the transport's 1 MiB message limit.
    const widest = { ...stroke, points: Array.from({ length: STROKE_POINTS }, () => [BOARD_WIDTH, BOARD_HEIGHT]) };
    expect(JSON.stringify({ type: 'strokes', from: PEER, strokes: Array(STROKES_PER_BATCH).fill(widest) }).length).toBeLessThan(
      1024 * 1024,
    );
  });
});

describe('the whiteboard', () => {
  it('draws: keeps the stroke, tells its listener and broadcasts it, numbered', () => {
    const { wb, sent, heard } = board();
    const first = wb.draw(line);
    const second = wb.draw(line);
    expect([first?.seq, second?.seq]).toEqual([1, 2]);
    expect(heard).toEqual([first, second]);
    expect(sent.map((s) => [s.to, s.message.type])).toEqual([
      [null, 'stroke'],
      [null, 'stroke'],
    ]);
    expect(wb.strokes()).toEqual([first, second]);
  });

  it("takes a peer's strokes once, ignores its own echo, and refuses strokes a node sends for another", () => {
    const { wb, heard, rejections } = board();
    const mine = wb.draw(line);
    if (mine === null) throw new Error('refused');
    wb.handle({ type: 'stroke', from: ME, stroke: mine });
    const theirs = { ...line, by: PEER, seq: 1 };
    wb.handle({ type: 'stroke', from: PEER, stroke: theirs });
    wb.handle({ type: 'strokes', from: PEER, strokes: [theirs] });
    wb.handle({ type: 'stroke', from: PEER, stroke: { ...line, by: '0000000c', seq: 1 } });
    expect(heard).toEqual([mine, theirs]);
    expect(rejections.byReason.unexpected).toBe(1);
  });

  it('holds every sender to a rate: a burst, then refusals', () => {
    const { wb, rejections } = board();
    let drawn = 0;
    while (wb.draw(line) !== null && drawn < 1000) drawn++;
    expect(drawn).toBeGreaterThanOrEqual(50);
    expect(drawn).toBeLessThan(1000);
    for (let seq = 1; seq <= 1000; seq++) wb.handle({ type: 'stroke', from: PEER, stroke: { ...line, by: PEER, seq } });
    expect(rejections.byReason.unexpected).toBeGreaterThan(0);
    expect(wb.strokes().filter((s) => s.by === PEER).length).toBe(1000 - (rejections.byReason.unexpected ?? 0));
  });

  it("takes all of a peer's own strokes at once when it joins, however many", () => {
    const { wb, rejections } = board();
    for (let start = 1; start <= MAX_STROKES; start += STROKES_PER_BATCH)
      wb.handle({
        type: 'strokes',
        from: PEER,
        strokes: Array.from({ length: STROKES_PER_BATCH }, (_, i) => ({ ...line, by: PEER, seq: start + i })),
      });
    expect(rejections.byReason.unexpected).toBeUndefined();
    expect(wb.strokes()).toHaveLength(MAX_STROKES);
  });

  it('keeps at most MAX_STROKES, the oldest going first', () => {
    const { wb } = board();
    const batch = (start: number): Stroke[] => Array.from({ length: STROKES_PER_BATCH }, (_, i) => ({ ...line, by: PEER, seq: start + i }));
    const senders = Math.ceil(MAX_STROKES / STROKES_PER_BATCH) + 5;
    // Many batches from many senders (each within its own rate).
    for (let n = 0; n < senders; n++) {
      const from = n.toString(16).padStart(8, '0');
      wb.handle({ type: 'strokes', from, strokes: batch(1).map((s) => ({ ...s, by: from })) });
    }
    const kept = wb.strokes();
    expect(kept).toHaveLength(MAX_STROKES);
    expect(kept.at(-1)?.by).toBe((senders - 1).toString(16).padStart(8, '0'));
  });

  it('sends a newcomer its own strokes only, in batches', () => {
    const { wb, sent } = board();
    for (let n = 0; n < 50; n++) wb.draw(line);
    wb.handle({ type: 'stroke', from: PEER, stroke: { ...line, by: PEER, seq: 1 } });
    sent.length = 0;
    wb.onJoined('0000000c');
    const strokes = sent.flatMap((s) => (s.message.type === 'strokes' ? s.message.strokes : []));
    expect(sent.every((s) => s.to === '0000000c' && s.message.type === 'strokes')).toBe(true);
    expect(strokes).toHaveLength(50);
    expect(strokes.every((s) => s.by === ME)).toBe(true);
  });
});

describe('a token bucket', () => {
  it('gives a burst, then as many per second as it refills', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 2, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 500;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 60_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
