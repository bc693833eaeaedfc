import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/common/index.js';
import type { Node, NodeInfo, Stroke, StrokeDrawing } from '../../src/nodes/index.js';
import type { DashboardMessage } from '../../src/ui/dashboard-messages.js';
import { openNodeDashboard, type ConnectTarget, type NodeDashboard } from '../../src/ui/node-dashboard.js';

const ID = '0000000a';
const info: NodeInfo = {
  id: ID,
  name: 'alice',
  address: 'h:1',
  joinedAt: 1,
  state: 'alive',
  lastSeenAt: 1,
  functions: ['square'],
  resources: { cpuPercent: 1, rssBytes: 1, totalMemBytes: 2, freeMemBytes: 1, load1: 0, sampledAt: 1 },
};

/** What the dashboard reads of a node, and the strokes it was asked to draw (the first `room` of them). */
function fakeNode(room = 100): { node: Node; drawn: StrokeDrawing[]; strokeListeners: ((stroke: Stroke) => void)[] } {
  const drawn: StrokeDrawing[] = [];
  const strokeListeners: ((stroke: Stroke) => void)[] = [];
  const node = {
    id: ID,
    name: 'alice',
    cluster: 'lab',
    joinedAt: 1,
    info: () => info,
    nodes: () => [info],
    files: () => [],
    lockHolder: () => undefined,
    knownVariables: () => [],
    strokes: () => [],
    draw: (drawing: StrokeDrawing) => {
      if (drawn.length >= room) return null;
      drawn.push(drawing);
      return { ...drawing, by: ID, seq: drawn.length };
    },
    on: (event: string, listener: (stroke: Stroke) => void) => {
      if (event === 'stroke') strokeListeners.push(listener);
      return () => undefined;
    },
  } as unknown as Node;
  return { node, drawn, strokeListeners };
}

let dashboard: NodeDashboard | undefined;
afterEach(async () => {
  await dashboard?.close();
  dashboard = undefined;
});

async function open(node: Node, connect: (target: ConnectTarget) => Promise<void> = () => Promise.resolve()): Promise<string> {
  dashboard = await openNodeDashboard(node, 'amqp://guest:***@h:5672', { host: '127.0.0.1', port: 0, connect });
  return dashboard.url;
}

const post = async (url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<[number, string]> => {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return [response.status, (await response.text()).trim()];
};
const line = { color: '#112233', width: 3, points: [[1, 2]] };

describe("a node's dashboard server", () => {
  it('streams a reset first: this node, the table, the board and its rules', async () => {
    const url = await open(fakeNode().node);
    const controller = new AbortController();
    const response = await fetch(`${url}events`, { signal: controller.signal });
    const reader = response.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value as Uint8Array | undefined);
    controller.abort();
    const message = JSON.parse(first.replace(/^data: /, '')) as DashboardMessage;
    expect(message).toMatchObject({
      type: 'reset',
      self: { id: ID, cluster: 'lab', broker: 'amqp://guest:***@h:5672', functions: ['square'], lockHolder: null },
      nodes: [{ id: ID }],
      history: { [ID]: [{ t: 1 }] },
      strokes: [],
      board: { width: 1000, height: 600, maxPoints: 256, kept: 4000 },
    });
  });

  it('serves its own page', async () => {
    const url = await open(fakeNode().node);
    const html = await (await fetch(url)).text();
    expect(html).toContain('role="tablist"');
  });

  it('draws valid strokes and refuses the rest: off the board, not JSON, another origin, too fast', async () => {
    const { node, drawn } = fakeNode(1);
    const url = await open(node);
    expect(await post(url, 'stroke', line)).toEqual([204, '']);
    expect(drawn).toEqual([line]);
    expect((await post(url, 'stroke', { ...line, points: [[5000, 1]] }))[0]).toBe(400);
    expect((await post(url, 'stroke', { ...line, by: ID }))[0]).toBe(400);
    expect((await post(url, 'stroke', 'color=red', { 'content-type': 'application/x-www-form-urlencoded' }))[0]).toBe(415);
    expect((await post(url, 'stroke', line, { origin: 'http://evil.example' }))[0]).toBe(403);
    expect(await post(url, 'stroke', line)).toEqual([429, 'drawing too fast: wait a moment']);
    expect(drawn).toHaveLength(1);
  });

  it('connects: a usage error is a 400 with its line, one move at a time, and no URL but amqp', async () => {
    let release = (): void => undefined;
    const targets: ConnectTarget[] = [];
    const url = await open(fakeNode().node, async (target) => {
      targets.push(target);
      if (target.cluster === 'Bad') throw new UsageError("cluster name 'Bad' is not valid");
      await new Promise<void>((resolve) => (release = resolve));
    });
    expect(await post(url, 'connect', { cluster: 'Bad' })).toEqual([400, "cluster name 'Bad' is not valid"]);
    expect((await post(url, 'connect', { cluster: 'lab2', amqp: 'http://h' }))[0]).toBe(400);
    const first = post(url, 'connect', { cluster: 'lab2', amqp: 'amqp://h' });
    await expect.poll(() => targets.length).toBe(2);
    expect(await post(url, 'connect', { cluster: 'lab3' })).toEqual([409, 'already connecting']);
    release();
    expect(await first).toEqual([204, '']);
    expect(targets).toEqual([{ cluster: 'Bad' }, { cluster: 'lab2', amqp: 'amqp://h' }]);
  });
});
