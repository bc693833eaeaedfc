import type { Summary } from './stats.js';

export interface PlotSeries {
  label: string;
  color: string;
  /** Measured points: N and the summary (median, with min-max as an error bar). */
  points: { n: number; value: Summary }[];
  dashed?: boolean;
}

export interface PlotCurve {
  label: string;
  color: string;
  points: { n: number; value: number }[];
}

const WIDTH = 800;
const HEIGHT = 460;
const MARGIN = { left: 78, right: 220, top: 40, bottom: 58 };

/** A log-log plot of protocol time against N, hand-rolled SVG. */
export function protocolPlot(title: string, series: PlotSeries[], curves: PlotCurve[], notes: string[] = []): string {
  const xs = [...series.flatMap((s) => s.points.map((p) => p.n)), ...curves.flatMap((c) => c.points.map((p) => p.n))];
  const ys = [
    ...series.flatMap((s) => s.points.flatMap((p) => [p.value.min, p.value.max])),
    ...curves.flatMap((c) => c.points.map((p) => p.value)),
  ].filter((y) => Number.isFinite(y) && y > 0);
  const xRange = decades(xs.length ? Math.min(...xs) : 10, xs.length ? Math.max(...xs) : 1000);
  const yRange = decades(ys.length ? Math.min(...ys) : 1, ys.length ? Math.max(...ys) : 1000);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (n: number): number => MARGIN.left + ((Math.log10(n) - xRange[0]) / (xRange[1] - xRange[0])) * plotW;
  const y = (v: number): number => MARGIN.top + plotH - ((Math.log10(v) - yRange[0]) / (yRange[1] - yRange[0])) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`);
  // Grid and ticks: every decade labelled, 2 and 5 as faint lines.
  for (let d = xRange[0]; d <= xRange[1]; d++) {
    for (const m of [1, 2, 5]) {
      const n = m * 10 ** d;
      if (Math.log10(n) > xRange[1] + 1e-9) continue;
      const px = x(n).toFixed(1);
      out.push(`<line x1="${px}" y1="${MARGIN.top}" x2="${px}" y2="${MARGIN.top + plotH}" stroke="${m === 1 ? '#ccc' : '#eee'}"/>`);
      out.push(
        `<text x="${px}" y="${MARGIN.top + plotH + 16}" text-anchor="middle" fill="${m === 1 ? '#000' : '#888'}">${formatTick(n)}</text>`,
      );
    }
  }
  for (let d = yRange[0]; d <= yRange[1]; d++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** d;
      if (Math.log10(v) > yRange[1] + 1e-9) continue;
      const py = y(v).toFixed(1);
      out.push(`<line x1="${MARGIN.left}" y1="${py}" x2="${MARGIN.left + plotW}" y2="${py}" stroke="${m === 1 ? '#ccc' : '#eee'}"/>`);
      out.push(
        `<text x="${MARGIN.left - 6}" y="${py}" dy="4" text-anchor="end" fill="${m === 1 ? '#000' : '#888'}">${formatTick(v)}</text>`,
      );
    }
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#444"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 16}" text-anchor="middle">N (slaves)</text>`);
  out.push(`<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">protocol time (ms)</text>`);

  for (const curve of curves) {
    const path = curve.points
      .filter((p) => p.value > 0)
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.n).toFixed(1)},${y(p.value).toFixed(1)}`)
      .join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${curve.color}" stroke-width="2" stroke-dasharray="6 4"/>`);
  }
  for (const s of series) {
    const points = s.points.filter((p) => p.value.median > 0);
    const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.n).toFixed(1)},${y(p.value.median).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="2 3"' : ''}/>`);
    for (const p of points) {
      const px = x(p.n).toFixed(1);
      if (p.value.max > p.value.min)
        out.push(
          `<line x1="${px}" y1="${y(p.value.min).toFixed(1)}" x2="${px}" y2="${y(p.value.max).toFixed(1)}" stroke="${s.color}" stroke-width="1.5"/>`,
        );
      out.push(
        `<circle cx="${px}" cy="${y(p.value.median).toFixed(1)}" r="4" fill="${s.color}"><title>${escape(s.label)} N=${p.n}: ${p.value.median} ms (${p.value.min}-${p.value.max})</title></circle>`,
      );
    }
  }
  // Legend.
  const legendX = MARGIN.left + plotW + 16;
  [
    ...series.map((s) => ({ label: s.label, color: s.color, dash: s.dashed ? '2 3' : '' })),
    ...curves.map((c) => ({ label: c.label, color: c.color, dash: '6 4' })),
  ].forEach((item, i) => {
    const ly = MARGIN.top + 14 + i * 22;
    out.push(
      `<line x1="${legendX}" y1="${ly}" x2="${legendX + 26}" y2="${ly}" stroke="${item.color}" stroke-width="2"${item.dash ? ` stroke-dasharray="${item.dash}"` : ''}/>`,
    );
    out.push(`<text x="${legendX + 32}" y="${ly}" dy="4">${escape(item.label)}</text>`);
  });
  const notesY = MARGIN.top + 14 + (series.length + curves.length) * 22 + 8;
  out.push(`<text x="${legendX}" y="${notesY}" fill="#666" font-size="10">dots: median; bars: min-max</text>`);
  notes.forEach((note, i) => {
    out.push(`<text x="${legendX}" y="${notesY + 20 + i * 14}" fill="#b00" font-size="10">${escape(note)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function decades(min: number, max: number): [number, number] {
  const lo = Math.floor(Math.log10(Math.max(min, 1e-3)));
  const hi = Math.ceil(Math.log10(Math.max(max, 1e-3)));
  return [lo, hi > lo ? hi : lo + 1];
}

function formatTick(v: number): string {
  if (v >= 1000) return `${v / 1000}k`;
  return String(Number(v.toPrecision(3)));
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
