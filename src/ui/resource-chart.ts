import type { Sample } from './dashboard-messages.js';
import { escapeXml } from './lamport-svg.js';

/** One line of a chart: a node's samples. */
export interface Series {
  readonly id: string;
  readonly label: string;
  readonly samples: readonly Sample[];
}

export interface ChartOptions {
  readonly title: string;
  /** What is drawn of each sample. */
  readonly metric: 'cpu' | 'rssMiB' | 'memLoad';
  readonly unit: string;
  /** The right edge's time (ms since the epoch) and how much time the chart spans. */
  readonly now: number;
  readonly windowMs: number;
  /** The y axis reaches at least this far (100 for a percentage), further if a value does. */
  readonly floor: number;
}

export const CHART_WIDTH = 600;
export const CHART_HEIGHT = 290;
const LEFT = 64;
const RIGHT = 12;
const TOP = 26;
const BOTTOM = 24;

/** Colours told apart by most people with a colour vision deficiency (Okabe-Ito), one per node in order. */
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442'];

export function seriesColour(index: number): string {
  return COLOURS[index % COLOURS.length] ?? '#000000';
}

/** The smallest of 1, 2, 5 x 10^k that is at least `value` (an axis's end): 73 -> 100, 101 -> 200. */
export function niceCeiling(value: number): number {
  if (!Number.isFinite(value) || value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** A sample's place in the plot: time to the right (the window's start at the left edge), value up. */
export function place(
  sample: Sample,
  metric: ChartOptions['metric'],
  options: { now: number; windowMs: number; top: number },
): [number, number] {
  const plotWidth = CHART_WIDTH - LEFT - RIGHT;
  const plotHeight = CHART_HEIGHT - TOP - BOTTOM;
  const x = LEFT + ((sample.t - (options.now - options.windowMs)) / options.windowMs) * plotWidth;
  const y = TOP + plotHeight - (Math.max(0, sample[metric]) / options.top) * plotHeight;
  return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
}

/**
 * A line chart of one metric, a line per node, as SVG text: drawn by hand because a chart of a few
 * lines over a time window is a handful of elements, not worth a charting library in the bundle.
 * Samples older than the window are left out; each line ends in a dot at its latest sample.
 */
export function chartSvg(series: readonly Series[], options: ChartOptions): string {
  const start = options.now - options.windowMs;
  const shown = series.map((s) => ({ ...s, samples: s.samples.filter((sample) => sample.t >= start && sample.t <= options.now) }));
  const top = niceCeiling(Math.max(options.floor, ...shown.flatMap((s) => s.samples.map((sample) => sample[options.metric]))));
  const at = (sample: Sample): [number, number] => place(sample, options.metric, { now: options.now, windowMs: options.windowMs, top });
  const bottom = CHART_HEIGHT - BOTTOM;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-label="${escapeXml(options.title)}" font-family="system-ui, sans-serif" font-size="11" data-top="${top}">`,
    `<text x="${LEFT}" y="16" font-size="13" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  for (const fraction of [0, 0.5, 1]) {
    const y = TOP + (bottom - TOP) * (1 - fraction);
    parts.push(
      `<line x1="${LEFT}" x2="${CHART_WIDTH - RIGHT}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${LEFT - 6}" y="${y + 4}" text-anchor="end">${top * fraction} ${escapeXml(options.unit)}</text>`,
    );
  }
  const minutes = options.windowMs / 60_000;
  parts.push(
    `<text x="${LEFT}" y="${CHART_HEIGHT - 6}">-${minutes} min</text>`,
    `<text x="${CHART_WIDTH - RIGHT}" y="${CHART_HEIGHT - 6}" text-anchor="end">now</text>`,
  );
  shown.forEach((s, index) => {
    const colour = seriesColour(index);
    const points = s.samples.map((sample) => at(sample).join(',')).join(' ');
    const last = s.samples.at(-1);
    parts.push(
      `<g class="series" data-node="${escapeXml(s.id)}" data-samples="${s.samples.length}"><title>${escapeXml(s.label)}</title>`,
      s.samples.length > 1 ? `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2"/>` : '',
      last === undefined ? '' : `<circle cx="${at(last)[0]}" cy="${at(last)[1]}" r="3.5" fill="${colour}"/>`,
      '</g>',
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
