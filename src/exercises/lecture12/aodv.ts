import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { counted } from '../systems/findings.js';
import { checkAodv } from './aodv-check.js';
import { AodvMessage } from './aodv-messages.js';
import { AodvNode, aodvOptions, RREQ_RETRY_ROUNDS } from './aodv-node.js';

const Shown = z.object({
  neighbours: z.array(z.int()),
  forwardPaths: z.record(z.string(), z.int()),
  received: z.array(z.string()),
  cached: z.array(z.string()),
});

function describeAodv(result: unknown): string {
  const parsed = Shown.safeParse(result);
  if (!parsed.success) return JSON.stringify(result);
  const { neighbours, forwardPaths, received, cached } = parsed.data;
  return (
    `in range of ${neighbours.join(', ') || 'nobody'}; routes to ${counted(Object.keys(forwardPaths).length, 'destination')}; ` +
    `received ${received.length} (${received.join(', ') || 'none'}); cache ${cached.length === 0 ? 'empty' : cached.join(', ')}`
  );
}

export const aodvAlgorithm: Algorithm = {
  lecture: 12,
  name: 'AodvNode',
  summary: 'AODV route request/reply on a seeded random connected radio graph; data delivered hop by hop',
  minDevices: 2,
  messages: AodvMessage,
  parseCopies: true,
  options: aodvOptions,
  // Longer than a device waits before it floods its route request again.
  quietRounds: RREQ_RETRY_ROUNDS + 5,
  create: fromClass(AodvNode),
  check: checkAodv,
  describeResult: describeAodv,
};
