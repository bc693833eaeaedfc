import { replay, type RunEvent } from './run-model.js';

/**
 * A run's Lamport (space-time) diagram as SVG text: a lane per device, time to the right, an arrow
 * per delivered message labelled with its type, losses ending in a cross, duplicates dashed,
 * deliveries to a crashed device crossed out, sync rounds as bands. The page shows it live;
 * `--diagram` writes it to a file. Every event is a dot with `data-seq`, for time travel.
 */

const LEFT = 78;
const TOP = 34;
const COLUMN = 26;
const LANE = 54;
const RIGHT = 30;

export interface DiagramOptions {
  /** A moment to mark (time travel): a vertical line through that event. */
  readonly selected?: number;
  readonly title?: string;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Which lane an event sits on: the device it happened at. */
function laneOf(event: RunEvent): number {
  return (event.kind === 'deliver' || event.kind === 'drop' ? event.dst : event.src) ?? 0;
}

export function lamportSvg(events: readonly RunEvent[], devices: number, options: DiagramOptions = {}): string {
  const column = new Map<number, number>();
  for (const event of events) if (event.kind !== 'round' && event.kind !== 'duplicate') column.set(event.seq, column.size);
  const x = (seq: number): number => LEFT + (column.get(seq) ?? 0) * COLUMN + COLUMN / 2;
  const y = (device: number): number => TOP + device * LANE + LANE / 2;
  const width = LEFT + Math.max(1, column.size) * COLUMN + RIGHT;
  const height = TOP + Math.max(1, devices) * LANE + 8;
  const { arrows, losses } = replay(events, devices);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="lamport" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(options.title ?? 'Lamport diagram')}</title>`,
    '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
      '<path d="M0,0 L10,5 L0,10 z" fill="#2b5797"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  // Rounds: the columns of the events that name each round.
  const rounds = new Map<number, { first: number; last: number }>();
  for (const event of events) {
    if (event.round === undefined || !column.has(event.seq)) continue;
    const at = column.get(event.seq) ?? 0;
    const band = rounds.get(event.round);
    rounds.set(event.round, band ? { first: Math.min(band.first, at), last: Math.max(band.last, at) } : { first: at, last: at });
  }
  for (const [round, band] of rounds) {
    const left = LEFT + band.first * COLUMN;
    parts.push(
      `<rect class="round" data-round="${round}" x="${left}" y="${TOP - 18}" width="${(band.last - band.first + 1) * COLUMN}" height="${height - TOP + 10}" fill="${round % 2 === 0 ? '#eef3fb' : '#f7f7f2'}"/>`,
      `<text x="${left + 3}" y="${TOP - 6}" fill="#667">round ${round}</text>`,
    );
  }
  for (let device = 0; device < devices; device++) {
    parts.push(
      `<line class="lane" x1="${LEFT - 6}" y1="${y(device)}" x2="${width - RIGHT / 2}" y2="${y(device)}" stroke="#999"/>`,
      `<text x="8" y="${y(device) + 4}" font-weight="bold">device ${device}</text>`,
    );
  }
  for (const arrow of arrows) {
    const [x1, y1, x2, y2] = [x(arrow.from), y(arrow.src), x(arrow.to), y(arrow.dst)];
    const classes = ['arrow', arrow.duplicate ? 'duplicate' : '', arrow.dropped ? 'dropped' : ''].filter(Boolean).join(' ');
    const dash = arrow.duplicate ? ' stroke-dasharray="5 3"' : '';
    const colour = arrow.dropped ? '#b03030' : '#2b5797';
    parts.push(
      `<g class="${classes}" data-from="${arrow.from}" data-to="${arrow.to}" data-src="${arrow.src}" data-dst="${arrow.dst}" data-type="${escapeXml(arrow.type)}">`,
      `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="1.4"${dash}${arrow.dropped ? '' : ' marker-end="url(#head)"'}/>`,
      `<text x="${(x1 + x2) / 2 + 3}" y="${(y1 + y2) / 2 - 3}" fill="${colour}">${escapeXml(arrow.type)}${arrow.duplicate ? ' (dup)' : ''}</text>`,
      arrow.dropped ? `<text x="${x2 - 4}" y="${y2 + 4}" fill="#b03030" font-size="14">×</text>` : '',
      '</g>',
    );
  }
  for (const loss of losses) {
    const x1 = x(loss.at - 1);
    const y1 = y(loss.src);
    const y2 = y1 + (y(loss.dst) - y1) * 0.4;
    parts.push(
      `<g class="loss" data-at="${loss.at}" data-src="${loss.src}" data-dst="${loss.dst}" data-type="${escapeXml(loss.type)}">`,
      `<line x1="${x1}" y1="${y1}" x2="${x1 + COLUMN}" y2="${y2}" stroke="#b03030" stroke-dasharray="2 2"/>`,
      `<text x="${x1 + COLUMN - 4}" y="${y2 + 5}" fill="#b03030" font-size="14">×</text>`,
      `<text x="${x1 + COLUMN + 8}" y="${y2 + 4}" fill="#b03030">${escapeXml(loss.type)} lost</text></g>`,
    );
  }
  for (const event of events) {
    if (!column.has(event.seq)) continue;
    const fill = { send: '#2b5797', deliver: '#1e7145', drop: '#b03030', crash: '#000000', mark: '#e3a21a' }[
      event.kind as 'send' | 'deliver' | 'drop' | 'crash' | 'mark'
    ];
    const what = `#${event.seq} ${event.kind}${event.type === null ? '' : ` ${event.type}`}${event.kind === 'send' || event.kind === 'deliver' ? ` ${event.src ?? ''} -> ${event.dst ?? ''}` : ''}`;
    parts.push(
      `<circle class="event ${event.kind}" data-seq="${event.seq}" cx="${x(event.seq)}" cy="${y(laneOf(event))}" r="${event.kind === 'crash' ? 7 : 5}" fill="${fill}"><title>${escapeXml(what)}</title></circle>`,
    );
  }
  if (options.selected !== undefined && column.has(options.selected)) {
    const at = x(options.selected);
    parts.push(`<line class="now" x1="${at}" y1="${TOP - 18}" x2="${at}" y2="${height}" stroke="#d04000" stroke-width="2"/>`);
  }
  parts.push('</svg>');
  return `${parts.filter(Boolean).join('\n')}\n`;
}
