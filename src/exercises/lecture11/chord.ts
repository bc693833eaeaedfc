import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { deviceNetwork } from '../systems/device-network.js';
import { checkChord } from './chord-check.js';
import { ChordClient } from './chord-client.js';
import { ChordMessage, NodeRefSchema } from './chord-messages.js';
import { ChordNode } from './chord-node.js';
import { ADDRESS_SPACE } from './chord-ring.js';
import { CLIENT, chordOptions, type ChordOptions } from './chord-options.js';

/** The seed's factory: the client at 0, the node that joins later at 1, the ring from 2 on. */
export const ChordNetwork = deviceNetwork<ChordMessage, ChordOptions>('ChordNetwork', (index, n, medium, options) =>
  index === CLIENT ? new ChordClient(index, n, medium, options) : new ChordNode(index, n, medium, options),
);

const Shown = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('node'),
    chordId: z.int().nullable(),
    prev: NodeRefSchema.nullable(),
    fingers: z.array(NodeRefSchema),
    keys: z.array(z.int()),
  }),
  z.object({
    role: z.literal('client'),
    keys: z.int(),
    answered: z.object({ put: z.int(), get: z.int(), reget: z.int() }),
    wrong: z.int(),
    joined: z.int().nullable(),
  }),
]);

function describeChord(result: unknown): string {
  const parsed = Shown.safeParse(result);
  if (!parsed.success) return JSON.stringify(result);
  const shown = parsed.data;
  if (shown.role === 'client') {
    const { put, get, reget } = shown.answered;
    return `client: ${shown.keys} keys; answered ${put} PUTs, ${get} GETs before the join and ${reget} after (${shown.wrong} wrong); join ${shown.joined === null ? 'not done' : `done at id ${shown.joined}`}`;
  }
  if (shown.chordId === null) return 'node outside the ring';
  const range = shown.prev ? (shown.chordId - shown.prev[1] + ADDRESS_SPACE) % ADDRESS_SPACE || ADDRESS_SPACE : 0;
  return (
    `node id ${shown.chordId} (predecessor ${shown.prev?.[1] ?? '-'}, manages ${range} addresses): ${shown.keys.length} keys; ` +
    `fingers ${shown.fingers.map(([, id]) => id).join(' ')}`
  );
}

export const chordAlgorithm: Algorithm = {
  lecture: 11,
  name: 'ChordNetwork',
  summary: 'Chord on a 6-bit ring: finger tables, routing, PUT/GET from a client, a join with stabilize/notify',
  minDevices: 4,
  messages: ChordMessage,
  parseCopies: true,
  options: chordOptions,
  validateOptions: (_options, devices) =>
    devices > ADDRESS_SPACE + 1
      ? `--devices: ChordNetwork's 6-bit ring has ${ADDRESS_SPACE} addresses: at most ${ADDRESS_SPACE + 1} devices (the client and ${ADDRESS_SPACE} nodes)`
      : undefined,
  create: fromClass(ChordNetwork),
  check: checkChord,
  describeResult: describeChord,
};
