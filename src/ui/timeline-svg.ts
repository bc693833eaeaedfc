import { escapeXml } from './lamport-svg.js';

/**
 * The synchronizer's functions over time (`fnsync run --timeline`), the picture a Lithops user
 * knows: a row per function, its cold start from invocation to handler start, then its run until
 * `done`; the join barrier (`start`), each round's grant and value on the granted slave's row, and
 * `done`. Times are ms since the run began, as the orchestrator saw them.
 */
export type TimelineEvent =
  | { readonly kind: 'invoked' | 'started'; readonly atMs: number; readonly fn: string }
  | { readonly kind: 'bus'; readonly atMs: number; readonly message: TimelineBusMessage }
  | { readonly kind: 'grant'; readonly atMs: number; readonly slave: number; readonly round: number };

/** The bus messages a timeline draws (others are ignored). */
type TimelineBusMessage =
  | { readonly type: 'start' }
  | { readonly type: 'grant'; readonly slave: number; readonly round: number }
  | { readonly type: 'value'; readonly slave: number; readonly round: number; readonly value: number }
  | { readonly type: 'done' }
  | { readonly type: 'abort'; readonly reason: string }
  | { readonly type: string };

const LEFT = 80;
const ROW = 26;
const WIDTH = 1100;
const HEAD = 46;
const AXIS = 26;

interface Collected {
  readonly fns: readonly string[];
  readonly invoked: ReadonlyMap<string, number>;
  readonly started: ReadonlyMap<string, number>;
  readonly bus: readonly { readonly atMs: number; readonly message: TimelineBusMessage }[];
  readonly doneAt: number;
}

function collect(events: readonly TimelineEvent[]): Collected {
  const fns: string[] = [];
  const invoked = new Map<string, number>();
  const started = new Map<string, number>();
  const bus: { atMs: number; message: TimelineBusMessage }[] = [];
  for (const event of events) {
    if (event.kind === 'bus') bus.push(event);
    else if (event.kind === 'grant') bus.push({ atMs: event.atMs, message: { type: 'grant', slave: event.slave, round: event.round } });
    else {
      if (!fns.includes(event.fn)) fns.push(event.fn);
      (event.kind === 'invoked' ? invoked : started).set(event.fn, event.atMs);
    }
  }
  // Everyone has joined by `start`: a cold start measured past it (a prewarmed process) ends there.
  const startAt = bus.find((event) => event.message.type === 'start')?.atMs;
  if (startAt !== undefined) for (const [fn, at] of started) started.set(fn, Math.min(at, startAt));
  const end = Math.max(1, ...events.map((event) => event.atMs));
  const doneAt = bus.find((event) => event.message.type === 'done' || event.message.type === 'abort')?.atMs ?? end;
  return { fns, invoked, started, bus, doneAt };
}

/** One panel: the functions' rows over [from, to] ms, `labels` writing rounds and values beside their marks. */
function panel(run: Collected, from: number, to: number, top: number, heading: string, labels: boolean): string[] {
  const span = Math.max(1e-3, to - from);
  const scale = (WIDTH - LEFT - 30) / span;
  const x = (ms: number): number => LEFT + (Math.min(to, Math.max(from, ms)) - from) * scale;
  const rowOf = (fn: string): number => top + HEAD + run.fns.indexOf(fn) * ROW + ROW / 2;
  const bottom = top + HEAD + run.fns.length * ROW;
  const parts = [`<text x="8" y="${top + 14}" font-size="12" font-weight="bold">${escapeXml(heading)}</text>`];
  for (let tick = 0; tick <= 5; tick++) {
    const ms = from + (span * tick) / 5;
    parts.push(
      `<line x1="${x(ms)}" y1="${top + HEAD - 6}" x2="${x(ms)}" y2="${bottom + 4}" stroke="#eee"/>`,
      `<text x="${x(ms)}" y="${bottom + 18}" text-anchor="middle" fill="#667">${ms.toFixed(span < 50 ? 1 : 0)} ms</text>`,
    );
  }
  for (const fn of run.fns) {
    const y = rowOf(fn);
    const invokedAt = run.invoked.get(fn) ?? 0;
    const up = run.started.get(fn) ?? invokedAt;
    parts.push(
      `<text x="8" y="${y + 4}">${escapeXml(fn)}</text>`,
      `<rect class="spawn" data-fn="${escapeXml(fn)}" x="${x(invokedAt)}" y="${y - 5}" width="${Math.max(0.5, x(up) - x(invokedAt))}" height="10" fill="#c9c9c9"><title>${escapeXml(`${fn}: cold start ${(up - invokedAt).toFixed(1)} ms`)}</title></rect>`,
      `<rect class="running" data-fn="${escapeXml(fn)}" x="${x(up)}" y="${y - 5}" width="${Math.max(0.5, x(run.doneAt) - x(up))}" height="10" fill="${fn === 'master' ? '#9cb7e0' : '#b9dcc4'}"/>`,
    );
  }
  const marks: Record<string, string> = { start: '#2b5797', done: '#1e7145', abort: '#b03030' };
  for (const { atMs, message } of run.bus) {
    if (atMs < from || atMs > to) continue;
    const colour = marks[message.type];
    if (colour !== undefined) {
      const name = message.type === 'start' ? 'start: all joined' : message.type;
      parts.push(
        `<line class="${message.type}" x1="${x(atMs)}" y1="${top + HEAD - 12}" x2="${x(atMs)}" y2="${bottom}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="4 2"/>`,
        labels
          ? `<text x="${x(atMs) + (message.type === 'start' ? 3 : -3)}" y="${top + HEAD - 14}" fill="${colour}" text-anchor="${message.type === 'start' ? 'start' : 'end'}">${name}</text>`
          : '',
      );
    } else if ('slave' in message && 'round' in message) {
      const y = rowOf(`slave ${message.slave}`);
      const value = 'value' in message ? message.value : undefined;
      const what = value === undefined ? `round ${message.round}: grant` : `round ${message.round}: value ${value}`;
      parts.push(
        value === undefined
          ? `<circle class="grant" data-round="${message.round}" data-slave="${message.slave}" cx="${x(atMs)}" cy="${y}" r="4" fill="#e3a21a"><title>${what}</title></circle>`
          : `<rect class="value" data-round="${message.round}" data-slave="${message.slave}" data-value="${value}" x="${x(atMs) - 4}" y="${y - 4}" width="8" height="8" fill="#d04000"><title>${what}</title></rect>`,
        labels
          ? `<text x="${x(atMs)}" y="${value === undefined ? y + 15 : y - 7}" text-anchor="middle" font-size="10" fill="#555">${value === undefined ? `r${message.round}` : value}</text>`
          : '',
      );
    }
  }
  return parts;
}

export function timelineSvg(events: readonly TimelineEvent[], title: string): string {
  const run = collect(events);
  const startAt = run.bus.find((event) => event.message.type === 'start')?.atMs;
  const panelHeight = HEAD + run.fns.length * ROW + AXIS + 10;
  const panels = startAt === undefined ? 1 : 2;
  const height = 24 + panels * panelHeight + 22;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="16" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
    ...panel(run, 0, Math.max(run.doneAt, 1), 24, 'the whole run: invocation, cold start, protocol', false),
  ];
  // The protocol is short next to cold starts: a second panel zooms on it (start to done), labelled.
  if (startAt !== undefined) {
    const pad = (run.doneAt - startAt) * 0.03;
    parts.push(
      ...panel(run, startAt - pad, run.doneAt + pad, 24 + panelHeight, 'the protocol: from start (everyone joined) to done', true),
    );
  }
  parts.push(
    `<text x="${LEFT}" y="${height - 6}" fill="#555">grey: cold start (invoked to handler started) · bar: running · ● grant (rN: round N) · ■ value · dashed: start, done</text>`,
    '</svg>',
  );
  return `${parts.filter(Boolean).join('\n')}\n`;
}
