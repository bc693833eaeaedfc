/**
 * A node's dashboard: follows the node over server-sent events (its cluster's nodes, itself, their
 * resource samples, the whiteboard's strokes) and posts strokes and connect requests.
 */
import type { BoardRules, DashboardMessage, DrawingView, NodeView, Sample, SelfView, StrokeView } from '../dashboard-messages.js';
import { chartSvg, seriesColour, type Series } from '../resource-chart.js';
import { escapeXml } from '../lamport-svg.js';
import { nodeRows, resourceRows, selfRows } from './node-tables.js';
import { attachPad, strokeSvg } from './whiteboard-pad.js';

/** The charts span this much time. */
const WINDOW_MS = 2 * 60_000;
/** Samples kept per node on the page (the server keeps as many). */
const SAMPLES_KEPT = 300;
const PENS = ['#1d1d1f', '#0072b2', '#d55e00', '#009e73', '#cc79a7'];
const TABS = ['nodes', 'self', 'resources', 'board'] as const;

let self: SelfView | null = null;
let nodes: readonly NodeView[] = [];
const history = new Map<string, Sample[]>();
let pen = PENS[0] ?? '#000000';
/** Until the node says (its first message), the board the page's HTML has. */
let board: BoardRules = { width: 1000, height: 600, maxPoints: 256, kept: 4000 };

const byId = (id: string): HTMLElement => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page lacks #${id}`);
  return element;
};

async function post(path: string, body: unknown): Promise<string | null> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return response.ok ? null : (await response.text()).trim() || `refused (${response.status})`;
}

function addSamples(samples: Readonly<Record<string, readonly Sample[]>>): void {
  for (const [id, fresh] of Object.entries(samples)) {
    const kept = history.get(id) ?? [];
    kept.push(...fresh);
    kept.splice(0, Math.max(0, kept.length - SAMPLES_KEPT));
    history.set(id, kept);
  }
}

function render(): void {
  if (self === null) return;
  const now = Date.now();
  document.title = `fnsync: ${self.name} in ${self.cluster}`;
  byId('title').textContent = `fnsync node ${self.name}`;
  byId('cluster').textContent = `cluster ${self.cluster} on ${self.broker} · ${nodes.filter((n) => n.state === 'alive').length} alive`;
  byId('node-rows').innerHTML = nodeRows(nodes, self.id, now);
  byId('self-rows').innerHTML = selfRows(self);
  byId('resource-rows').innerHTML = resourceRows(nodes);
  const shown = nodes.filter((node) => history.has(node.id));
  const series: Series[] = shown.map((node) => ({ id: node.id, label: `${node.name} (${node.id})`, samples: history.get(node.id) ?? [] }));
  const common = { now, windowMs: WINDOW_MS };
  byId('cpu-chart').innerHTML = chartSvg(series, {
    ...common,
    title: 'CPU of each node (percent of one core)',
    metric: 'cpu',
    unit: '%',
    floor: 10,
  });
  byId('mem-chart').innerHTML = chartSvg(series, {
    ...common,
    title: 'Memory of each node (resident, MiB)',
    metric: 'rssMiB',
    unit: 'MiB',
    floor: 10,
  });
  byId('legend').innerHTML = shown
    .map(
      (node, index) =>
        `<span><i style="background:${seriesColour(index)}"></i>${escapeXml(`${node.name} (${node.id}${node.state === 'alive' ? '' : `, ${node.state}`})`)}</span>`,
    )
    .join('');
}

function addStroke(stroke: StrokeView): void {
  const strokes = byId('strokes');
  strokes.insertAdjacentHTML('beforeend', strokeSvg(stroke));
  // As the node does: the oldest go first.
  while (strokes.childElementCount > board.kept) strokes.firstElementChild?.remove();
}

function onMessage(message: DashboardMessage): void {
  if (message.type === 'stroke') return addStroke(message.stroke);
  self = message.self;
  nodes = message.nodes;
  if (message.type === 'reset') {
    history.clear();
    board = message.board;
    byId('canvas').setAttribute('viewBox', `0 0 ${board.width} ${board.height}`);
    addSamples(message.history);
    byId('strokes').innerHTML = message.strokes.map(strokeSvg).join('');
  } else addSamples(message.samples);
  render();
}

function select(tab: (typeof TABS)[number], focus: boolean): void {
  for (const name of TABS) {
    const button = byId(`tab-${name}`);
    const on = name === tab;
    button.setAttribute('aria-selected', String(on));
    button.tabIndex = on ? 0 : -1;
    byId(name).hidden = !on;
    if (on && focus) button.focus();
  }
}

function setupTabs(): void {
  TABS.forEach((name, index) => {
    const button = byId(`tab-${name}`);
    button.addEventListener('click', () => select(name, false));
    button.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step === 0) return;
      event.preventDefault();
      select(TABS[(index + step + TABS.length) % TABS.length] ?? 'nodes', true);
    });
  });
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (target.tagName === 'INPUT' || event.ctrlKey || event.metaKey || event.altKey) return;
    const tab = TABS[Number(event.key) - 1];
    if (tab !== undefined && /^[1-4]$/.test(event.key)) select(tab, true);
  });
}

function setupConnect(): void {
  const form = byId('connect') as HTMLFormElement;
  const status = byId('connect-status');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const cluster = (byId('connect-cluster') as HTMLInputElement).value.trim();
    const amqp = (byId('connect-amqp') as HTMLInputElement).value.trim();
    status.className = 'hint';
    status.textContent = `connecting to ${cluster}…`;
    void post('/connect', amqp === '' ? { cluster } : { cluster, amqp }).then(
      (refused) => {
        status.className = refused === null ? 'hint' : 'error';
        status.textContent = refused ?? `now in cluster ${cluster}`;
      },
      () => {
        status.className = 'error';
        status.textContent = 'the node did not answer';
      },
    );
  });
}

function setupBoard(): void {
  const pens = document.querySelector('.pens');
  if (pens === null) return;
  pens.innerHTML = PENS.map(
    (colour, index) =>
      `<button type="button" role="radio" aria-checked="${index === 0}" aria-label="pen ${colour}" data-colour="${colour}" style="background:${colour}"></button>`,
  ).join('');
  pens.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest('button');
    if (button === null) return;
    pen = button.dataset.colour ?? pen;
    for (const other of pens.querySelectorAll('button')) other.setAttribute('aria-checked', String(other === button));
  });
  const status = byId('board-status');
  const send = (drawing: DrawingView): void => {
    void post('/stroke', drawing).then((refused) => {
      if (refused !== null) status.textContent = refused;
    });
  };
  attachPad(
    byId('canvas') as unknown as SVGSVGElement,
    () => board,
    () => pen,
    send,
  );
}

function start(): void {
  setupTabs();
  setupConnect();
  setupBoard();
  const source = new EventSource('/events');
  source.onmessage = (event: MessageEvent<string>) => onMessage(JSON.parse(event.data) as DashboardMessage);
  source.onerror = () => {
    byId('connection').textContent = 'connection lost: the node has stopped; reload to retry';
  };
  source.onopen = () => (byId('connection').textContent = '');
}

start();
