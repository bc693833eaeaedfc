import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { deviceNetwork } from '../systems/device-network.js';
import { checkGfs } from './gfs-check.js';
import { GfsChunkserver } from './gfs-chunkserver.js';
import { GfsClient } from './gfs-client.js';
import { GfsMaster } from './gfs-master.js';
import { GfsMessage } from './gfs-messages.js';
import { CLIENT_RETRY_ROUNDS, MASTER, gfsOptions, isChunkserver, validateGfs, type GfsOptions } from './gfs-options.js';

/** The seed's factory: the master at 0, chunkservers 1..chunkservers, clients after them. */
export const GfsNetwork = deviceNetwork<GfsMessage, GfsOptions>('GfsNetwork', (index, n, medium, options) => {
  if (index === MASTER) return new GfsMaster(index, n, medium, options);
  if (isChunkserver(index, options)) return new GfsChunkserver(index, n, medium, options);
  return new GfsClient(index, n, medium, options);
});

const Shown = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('master'),
    chunks: z.array(z.object({ handle: z.int(), chunkindex: z.int(), servers: z.array(z.int()), version: z.int() })),
    failed: z.array(z.int()),
  }),
  z.object({ role: z.literal('chunkserver'), chunks: z.record(z.string(), z.array(z.string())), primaryOf: z.array(z.int()) }),
  z.object({ role: z.literal('client'), appended: z.array(z.object({ chunk: z.int(), offset: z.int() })), gaveUp: z.int().nullable() }),
]);

function describeGfs(result: unknown): string {
  const parsed = Shown.safeParse(result);
  if (!parsed.success) return JSON.stringify(result);
  const shown = parsed.data;
  switch (shown.role) {
    case 'master':
      return (
        `master: ${shown.chunks.map((c) => `chunk ${c.chunkindex} = ${c.handle} on ${c.servers.join(',')} (v${c.version})`).join('; ') || 'no chunks'}` +
        (shown.failed.length > 0 ? `; took ${shown.failed.join(', ')} for dead` : '')
      );
    case 'chunkserver': {
      const chunks = Object.entries(shown.chunks);
      if (chunks.length === 0) return 'chunkserver: no chunks';
      return `chunkserver: ${chunks.map(([handle, records]) => `${handle}${shown.primaryOf.includes(Number(handle)) ? ' (primary)' : ''}: ${records.length} records`).join('; ')}`;
    }
    case 'client':
      return `client: ${shown.appended.length} records appended at ${shown.appended.map((a) => `${a.chunk}@${a.offset}`).join(' ')}${shown.gaveUp === null ? '' : `; gave up on record ${shown.gaveUp}`}`;
  }
}

export const gfsAlgorithm: Algorithm = {
  lecture: 8,
  name: 'GfsNetwork',
  summary: 'master, chunkservers and clients: record append with passive replication through a primary; heartbeats and fail-over',
  minDevices: 3,
  messages: GfsMessage,
  parseCopies: true,
  options: gfsOptions,
  validateOptions: validateGfs,
  // Longer than a client waits before it asks the master again; the master pings in between.
  quietRounds: CLIENT_RETRY_ROUNDS + 10,
  create: fromClass(GfsNetwork),
  check: checkGfs,
  describeResult: describeGfs,
};
