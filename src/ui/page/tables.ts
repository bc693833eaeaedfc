import { escapeXml } from '../lamport-svg.js';
import type { Queued } from '../board-messages.js';
import type { DeviceState, Pending, RunEvent } from '../run-model.js';

/** Messages kept in a cell; the count says how many there are. */
const SHOWN = 12;

function list(items: readonly string[]): string {
  const shown = items.slice(-SHOWN).map((item) => `<li>${escapeXml(item)}</li>`);
  const more = items.length > SHOWN ? `<li class="more">… ${items.length - SHOWN} earlier</li>` : '';
  return `<ul>${more}${shown.join('')}</ul>`;
}

const sentLine = (event: RunEvent): string => `#${event.seq} ${event.type ?? ''} → ${event.dst ?? ''}`;
const receivedLine = (event: RunEvent): string => `#${event.seq} ${event.type ?? ''} ← ${event.src ?? ''}`;
const pendingLine = (pending: Pending): string => `${pending.type} ← ${pending.src} (sent #${pending.sentAt})`;
const markLine = (event: RunEvent): string => `#${event.seq} ${event.type ?? ''} ${event.msg === null ? '' : JSON.stringify(event.msg)}`;

/** The per-device table: state, what it sent and received, its inbox (in flight to it), its marks. */
export function deviceRows(devices: readonly DeviceState[]): string {
  return devices
    .map(
      (state) =>
        `<tr data-device="${state.device}"><th scope="row">${state.device}${state.crashed ? ' <span class="crashed">crashed</span>' : ''}</th>` +
        `<td class="sent" data-count="${state.sent.length}"><b>${state.sent.length}</b>${list(state.sent.map(sentLine))}</td>` +
        `<td class="received" data-count="${state.received.length}"><b>${state.received.length}</b>${list(state.received.map(receivedLine))}</td>` +
        `<td class="inbox" data-count="${state.inbox.length}"><b>${state.inbox.length}</b>${list(state.inbox.map(pendingLine))}</td>` +
        `<td class="marks">${list(state.marks.map(markLine))}</td></tr>`,
    )
    .join('');
}

/** The stepper's queue (live: in delivery order) or a past moment's in-flight messages: route, type, contents, pick buttons while stepping. */
export function queueRows(queue: readonly Queued[], live: boolean, canPick: boolean): string {
  if (queue.length === 0) return '<tr><td colspan="5" class="empty">nothing in flight</td></tr>';
  return queue
    .map(
      (item, position) =>
        `<tr data-position="${position}"><td>${position}</td><td>${item.src} → ${item.dst}</td><td>${escapeXml(item.type)}</td>` +
        `<td class="json" title="${escapeXml(item.json)}">${escapeXml(item.json.length > 80 ? `${item.json.slice(0, 80)}…` : item.json)}</td>` +
        `<td>${canPick && position > 0 ? `<button class="pick" data-position="${position}" title="deliver this one next">pick</button>` : live && position === 0 ? 'next' : ''}</td></tr>`,
    )
    .join('');
}

/** The in-flight messages of a past moment (time travel): rebuilt from the trace, in send order. */
export function pendingAsQueue(devices: readonly DeviceState[]): Queued[] {
  return devices
    .flatMap((state) => state.inbox)
    .sort((a, b) => a.sentAt - b.sentAt)
    .map((pending) => ({ src: pending.src, dst: pending.dst, type: pending.type, json: JSON.stringify(pending.msg) }));
}
