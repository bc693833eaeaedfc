import { describe, expect, it } from 'vitest';
import type { NodeInfo } from '../../src/nodes/index.js';
import type { Sample } from '../../src/ui/dashboard-messages.js';
import { CHART_HEIGHT, CHART_WIDTH, chartSvg, niceCeiling, place } from '../../src/ui/resource-chart.js';
import { NODES_KEPT, ResourceHistory, SAMPLES_KEPT, sampleOf } from '../../src/ui/resource-history.js';

const sample = (t: number, cpu: number): Sample => ({ t, cpu, rssMiB: 50, memLoad: 40 });
const MIB = 1024 * 1024;

function node(id: string, sampledAt: number, cpuPercent = 5): NodeInfo {
  return {
    id,
    name: id,
    address: 'h:1',
    joinedAt: 0,
    state: 'alive',
    lastSeenAt: sampledAt,
    functions: [],
    resources: { cpuPercent, rssBytes: 64 * MIB, totalMemBytes: 1000 * MIB, freeMemBytes: 250 * MIB, load1: 0, sampledAt },
  };
}

describe('chart scaling', () => {
  it('ends an axis at the next 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 7, 10, 11, 73, 100, 101, 199, 201, 999, 1001].map(niceCeiling)).toEqual([
      1, 1, 10, 10, 20, 100, 100, 200, 200, 500, 1000, 2000,
    ]);
    expect(niceCeiling(Number.NaN)).toBe(1);
  });

  it('puts the window start at the left, now at the right, zero at the bottom and the top at the top', () => {
    const at = { now: 60_000, windowMs: 60_000, top: 100 };
    const [left, bottom] = place(sample(0, 0), 'cpu', at);
    const [right, top] = place(sample(60_000, 100), 'cpu', at);
    const [middle, half] = place(sample(30_000, 50), 'cpu', at);
    expect(left).toBeLessThan(middle);
    expect(middle).toBeCloseTo((left + right) / 2, 0);
    expect(right).toBeLessThanOrEqual(CHART_WIDTH);
    expect(bottom).toBeLessThanOrEqual(CHART_HEIGHT);
    expect(top).toBeLessThan(half);
    expect(half).toBeCloseTo((top + bottom) / 2, 0);
  });

  it('draws a line per node over the window only, scaled to the largest value it shows', () => {
    const svg = chartSvg(
      [
        { id: 'a', label: 'alice', samples: [sample(0, 999), sample(50_000, 30), sample(55_000, 130)] },
        { id: 'b', label: 'bob', samples: [sample(58_000, 2)] },
        { id: 'c', label: 'carol', samples: [] },
      ],
      { title: 'CPU', metric: 'cpu', unit: '%', now: 60_000, windowMs: 30_000, floor: 10 },
    );
    // The sample at t=0 is outside the window: the axis ends at 200, not 1000.
    expect(svg).toContain('data-top="200"');
    expect(svg).toContain('<g class="series" data-node="a" data-samples="2">');
    expect(svg).toContain('<g class="series" data-node="b" data-samples="1">');
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg).toMatch(new RegExp(`^<svg [^>]*viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}"`));
  });

  it('escapes what it is given', () => {
    expect(
      chartSvg([{ id: '"x', label: '<b>', samples: [] }], { title: 'a&b', metric: 'cpu', unit: '%', now: 1, windowMs: 1, floor: 1 }),
    ).not.toMatch(/<b>|a&b|"x/);
  });
});

describe('resource history', () => {
  it("turns a node's sample into a point: CPU, resident MiB, the machine's memory load", () => {
    expect(sampleOf(node('a', 5, 12.5))).toEqual({ t: 5, cpu: 12.5, rssMiB: 64, memLoad: 75 });
  });

  it('keeps a sample once (a peer repeats its last until its next echo reply), and only so many', () => {
    const history = new ResourceHistory();
    expect(history.record([node('a', 1), node('b', 1)])).toEqual({ a: [sampleOf(node('a', 1))], b: [sampleOf(node('b', 1))] });
    expect(history.record([node('a', 1), node('b', 2)])).toEqual({ b: [sampleOf(node('b', 2))] });
    for (let t = 3; t < SAMPLES_KEPT + 10; t++) history.record([node('a', t)]);
    expect(history.all().a).toHaveLength(SAMPLES_KEPT);
    expect(history.all().a?.at(-1)?.t).toBe(SAMPLES_KEPT + 9);
    expect(history.all().b).toHaveLength(2);
  });

  it('forgets the nodes heard from longest ago beyond NODES_KEPT', () => {
    const history = new ResourceHistory();
    for (let n = 0; n < NODES_KEPT + 3; n++) history.record([node(`n${n}`, 1)]);
    const ids = Object.keys(history.all());
    expect(ids).toHaveLength(NODES_KEPT);
    expect(ids).not.toContain('n0');
    expect(ids).toContain(`n${NODES_KEPT + 2}`);
  });
});
