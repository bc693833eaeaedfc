import { escapeXml } from '../lamport-svg.js';
import type { Arrow, DeviceState } from '../run-model.js';

const SIZE = 300;
const RADIUS = 115;
const NODE = 22;

/** The seed GUI's picture: devices on a ring, the last delivered message drawn from source to destination. */
export function ringSvg(devices: readonly DeviceState[], last: Arrow | undefined): string {
  const n = Math.max(1, devices.length);
  const at = (device: number): [number, number] => {
    const angle = (2 * Math.PI * device) / n - Math.PI / 2;
    return [SIZE / 2 + RADIUS * Math.cos(angle), SIZE / 2 + RADIUS * Math.sin(angle)];
  };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="ring" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-label="devices on a ring">`,
    '<defs><marker id="ring-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#d04000"/></marker></defs>',
  ];
  if (last && last.src !== last.dst) {
    const [x1, y1] = at(last.src);
    const [x2, y2] = at(last.dst);
    const length = Math.hypot(x2 - x1, y2 - y1) || 1;
    const [dx, dy] = [((x2 - x1) / length) * NODE, ((y2 - y1) / length) * NODE];
    parts.push(
      `<line class="last-message" x1="${x1 + dx}" y1="${y1 + dy}" x2="${x2 - dx}" y2="${y2 - dy}" stroke="#d04000" stroke-width="2.5" marker-end="url(#ring-head)"/>`,
      `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 6}" text-anchor="middle" fill="#d04000" font-size="13">${escapeXml(last.type)}</text>`,
    );
  }
  for (const state of devices) {
    const [x, y] = at(state.device);
    const fill = state.crashed ? '#777' : state.inbox.length > 0 ? '#ffe9a8' : '#dbe8fb';
    parts.push(
      `<g class="device" data-device="${state.device}"><circle cx="${x}" cy="${y}" r="${NODE}" fill="${fill}" stroke="#2b5797" stroke-width="2"/>`,
      `<text x="${x}" y="${y + 5}" text-anchor="middle" font-size="15" font-weight="bold">${state.device}</text>`,
      state.inbox.length > 0 ? `<text x="${x + NODE}" y="${y - NODE + 4}" font-size="12" fill="#7a5a00">${state.inbox.length}✉</text>` : '',
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
