import type { NodeView, SelfView } from '../dashboard-messages.js';
import { escapeXml } from '../lamport-svg.js';

const MIB = 1024 * 1024;

const time = (ms: number): string => new Date(ms).toLocaleTimeString();
const ago = (ms: number, now: number): string => `${Math.max(0, Math.round((now - ms) / 1000))} s ago`;
const cell = (text: string | number, numeric = false): string => `<td${numeric ? ' class="num"' : ''}>${escapeXml(String(text))}</td>`;

/** The Nodes tab: every node this one knows, in join order, with its state as this node sees it. */
export function nodeRows(nodes: readonly NodeView[], selfId: string, now: number): string {
  return nodes
    .map(
      (node) =>
        `<tr data-id="${escapeXml(node.id)}" data-state="${node.state}"${node.id === selfId ? ' class="self"' : ''}>` +
        cell(node.id) +
        cell(node.name) +
        cell(node.address) +
        cell(time(node.joinedAt)) +
        `<td class="state-${node.state}">${node.state}</td>` +
        cell(node.id === selfId ? 'now' : ago(node.lastSeenAt, now)) +
        cell(node.functions.join(', ') || '—') +
        '</tr>',
    )
    .join('');
}

/** The Resources tab's table: the seed's Memory tab (installed, available, load) and this process's CPU and RSS. */
export function resourceRows(nodes: readonly NodeView[]): string {
  return nodes
    .filter((node) => node.state === 'alive')
    .map((node) => {
      const r = node.resources;
      const load = r.totalMemBytes > 0 ? ((r.totalMemBytes - r.freeMemBytes) / r.totalMemBytes) * 100 : 0;
      return (
        `<tr data-id="${escapeXml(node.id)}">` +
        cell(node.id) +
        cell(node.name) +
        cell(node.address) +
        cell(Math.round(r.totalMemBytes / MIB), true) +
        cell(Math.round(r.freeMemBytes / MIB), true) +
        cell(`${load.toFixed(0)} %`, true) +
        cell(`${r.cpuPercent.toFixed(1)} %`, true) +
        cell((r.rssBytes / MIB).toFixed(1), true) +
        '</tr>'
      );
    })
    .join('');
}

/** The Self tab: attribute and value, as the seed has it, plus what this node holds. */
export function selfRows(self: SelfView): string {
  const rows: [string, string | readonly string[]][] = [
    ['ID', self.id],
    ['Name', self.name],
    ['Cluster', self.cluster],
    ['Broker', self.broker],
    ['Address', self.address],
    ['Joined', `${time(self.joinedAt)} (${new Date(self.joinedAt).toISOString()})`],
    ['Functions served', self.functions.join(', ') || 'none'],
    ['Lock token', self.lockHolder === null ? 'no move seen yet' : self.lockHolder === self.id ? 'held here' : `with ${self.lockHolder}`],
    [
      'Distributed variables',
      self.variables.map((v) => `${v.name}${v.length === undefined ? '' : `[${v.length}]`} (${v.kind}, home ${v.home})`),
    ],
    ['Shared files (cluster)', self.files.map((f) => `${f.name} (${f.size} B, on ${f.owner}${f.owner === self.id ? ': here' : ''})`)],
  ];
  return rows
    .map(([name, value]) => `<tr><th scope="row">${escapeXml(name)}</th>${typeof value === 'string' ? cell(value) : listCell(value)}</tr>`)
    .join('');
}

/** Items one a line, the first LISTED of them. */
const LISTED = 40;
function listCell(items: readonly string[]): string {
  if (items.length === 0) return cell('none');
  const more = items.length > LISTED ? `<li>… and ${items.length - LISTED} more</li>` : '';
  return `<td><ul class="plain">${items
    .slice(0, LISTED)
    .map((item) => `<li>${escapeXml(item)}</li>`)
    .join('')}${more}</ul></td>`;
}
