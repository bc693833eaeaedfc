/**
 * The web stepper's page: follows the run over server-sent events, sends the stepper's commands as
 * POSTs, and travels in time by replaying the recorded trace up to the chosen event.
 */
import type { BoardMessage, LiveState, RunMeta } from '../board-messages.js';
import { lamportSvg } from '../lamport-svg.js';
import { countsOf, replay, type RunEvent } from '../run-model.js';
import { ringSvg } from './ring.js';
import { deviceRows, pendingAsQueue, queueRows } from './tables.js';

let meta: RunMeta = { title: '', devices: 0, readOnly: true };
let events: RunEvent[] = [];
let live: LiveState = { flow: 'sync', round: 0, stepping: false, ended: false, inFlight: [], ending: null };
let log: string[] = [];
/** The event shown (time travel), or null: now. */
let travel: number | null = null;

const byId = (id: string): HTMLElement => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page lacks #${id}`);
  return element;
};

function send(...lines: string[]): void {
  void fetch('/command', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lines }) });
}

const canCommand = (): boolean => !meta.readOnly && live.stepping && !live.ended;

function render(): void {
  const last = events.at(-1)?.seq ?? 0;
  const shownSeq = travel ?? last;
  const upTo = events.filter((event) => event.seq <= shownSeq);
  const { devices, arrows } = replay(events, meta.devices, shownSeq);
  const counts = countsOf(upTo);
  const steps = upTo.filter((event) => event.kind === 'deliver').length;
  document.title = `fnsync: ${meta.title}`;
  byId('title').textContent = meta.title;
  const status = byId('status');
  status.dataset.flow = live.flow;
  status.dataset.stepping = String(live.stepping);
  status.dataset.ended = String(live.ended);
  status.textContent = live.ended
    ? `ended${meta.readOnly ? ' (read-only)' : ''}`
    : `${live.flow}, round ${live.round}, ${live.stepping ? 'waiting for you' : 'running by itself'}`;
  const moment = byId('moment');
  moment.dataset.seq = String(shownSeq);
  moment.dataset.step = String(steps);
  moment.textContent =
    travel === null ? `now: event #${last}, step ${steps}` : `travelling: event #${travel}, step ${steps} (Esc: back to now)`;
  moment.classList.toggle('travelling', travel !== null);
  const countBox = byId('counts');
  countBox.dataset.total = String(counts.total);
  countBox.dataset.delivered = String(counts.delivered);
  countBox.dataset.dropped = String(counts.dropped);
  countBox.dataset.duplicated = String(counts.duplicated);
  countBox.dataset.perType = JSON.stringify(counts.perType);
  countBox.textContent =
    `sent ${counts.total} · delivered ${counts.delivered} · dropped ${counts.dropped} · duplicated ${counts.duplicated} · ` +
    (Object.entries(counts.perType)
      .map(([type, count]) => `${type} ${count}`)
      .join(', ') || 'no messages yet');
  const ending = byId('ending');
  ending.hidden = live.ending === null;
  if (live.ending) {
    ending.dataset.rounds = String(live.ending.rounds ?? '');
    ending.textContent = `${live.ending.ok ? '✔' : '✘'} ${live.ending.details}${live.ending.rounds === undefined ? '' : ` · rounds ${live.ending.rounds}`}`;
    ending.className = live.ending.ok ? 'ok' : 'failed';
  }
  for (const id of ['step', 'ff', 'swap', 'exit']) (byId(id) as HTMLButtonElement).disabled = !canCommand() || travel !== null;
  byId('ring').innerHTML = ringSvg(devices, arrows.at(-1));
  const now = travel === null && !live.ended;
  const queue = now ? live.inFlight : pendingAsQueue(devices);
  byId('queue-title').textContent = now ? `In flight (${queue.length})` : `In flight at #${shownSeq} (${queue.length})`;
  byId('queue-rows').innerHTML = queueRows(queue, now, canCommand() && travel === null);
  byId('device-rows').innerHTML = deviceRows(devices);
  const diagram = byId('diagram');
  const atEnd = diagram.scrollLeft + diagram.clientWidth >= diagram.scrollWidth - 40;
  diagram.innerHTML = lamportSvg(events, meta.devices, travel === null ? { title: meta.title } : { title: meta.title, selected: travel });
  if (travel === null && atEnd) diagram.scrollLeft = diagram.scrollWidth;
  byId('log').textContent = log.slice(-60).join('\n');
  byId('log').scrollTop = byId('log').scrollHeight;
}

function receive(message: BoardMessage): void {
  switch (message.type) {
    case 'reset':
      meta = message.meta;
      events = [...message.events];
      live = message.live;
      log = [...message.log];
      break;
    case 'update':
      events.push(...message.events);
      live = message.live;
      break;
    case 'log':
      log.push(message.line);
      break;
  }
  render();
}

/** Moves the moment shown by `by` events (time travel with the arrow keys). */
function travelBy(by: number): void {
  if (events.length === 0) return;
  const index = travel === null ? events.length - 1 : events.findIndex((event) => event.seq === travel);
  const next = events[Math.min(events.length - 1, Math.max(0, index + by))];
  travel = next === undefined || (by > 0 && index + by >= events.length) ? null : next.seq;
  render();
}

function startPick(): void {
  if (!canCommand()) return;
  const input = byId('pick-input') as HTMLInputElement;
  byId('pick-form').hidden = false;
  input.value = '';
  input.focus();
}

function onKey(event: KeyboardEvent): void {
  if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
  const commands: Record<string, string> = { ' ': 'step', Enter: 'step', f: 'ff', e: 'swap', x: 'exit' };
  const command = commands[event.key];
  if (command !== undefined) {
    event.preventDefault();
    if (canCommand() && travel === null) send(command);
    return;
  }
  switch (event.key) {
    case 's':
    case 'p':
      event.preventDefault();
      startPick();
      break;
    case 'ArrowLeft':
      event.preventDefault();
      travelBy(-1);
      break;
    case 'ArrowRight':
      event.preventDefault();
      travelBy(1);
      break;
    case 'Escape':
    case 'l':
      travel = null;
      render();
      break;
    case '?':
    case 'h':
      byId('help').toggleAttribute('hidden');
      break;
  }
}

function wire(): void {
  byId('step').addEventListener('click', () => send('step'));
  byId('ff').addEventListener('click', () => send('ff'));
  byId('swap').addEventListener('click', () => send('swap'));
  byId('exit').addEventListener('click', () => send('exit'));
  byId('now').addEventListener('click', () => {
    travel = null;
    render();
  });
  byId('queue-rows').addEventListener('click', (event) => {
    const button = (event.target as Element).closest('button.pick');
    if (button instanceof HTMLButtonElement && canCommand()) send(`pick ${button.dataset.position ?? ''}`);
  });
  byId('diagram').addEventListener('click', (event) => {
    const dot = (event.target as Element).closest('[data-seq]');
    if (dot === null) return;
    travel = Number(dot.getAttribute('data-seq'));
    render();
  });
  byId('pick-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId('pick-input') as HTMLInputElement;
    if (/^\d+$/.test(input.value)) send(`pick ${input.value}`);
    byId('pick-form').hidden = true;
    input.blur();
  });
  byId('pick-input').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      byId('pick-form').hidden = true;
      (event.target as HTMLInputElement).blur();
    }
  });
  document.addEventListener('keydown', onKey);
  const source = new EventSource('/events');
  source.onmessage = (event: MessageEvent<string>) => receive(JSON.parse(event.data) as BoardMessage);
  source.onerror = () => {
    byId('connection').textContent = 'connection lost: the run (or fnsync view) has ended; reload to retry';
  };
  source.onopen = () => (byId('connection').textContent = '');
}

wire();
