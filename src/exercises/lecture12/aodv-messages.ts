import { z } from 'zod';
import { messageIds } from '../message.js';

const device = z.int().nonnegative();

/** Set-up, not radio: device 0 tells each device who is in its range (the seed's TopologyCreator singleton). */
export const Topology = z.object({ type: z.literal('Topology'), ...messageIds, neighbours: z.array(device) });
/** Route request, flooded from `first` looking for `last`; (first, bcastId) names one flood. */
export const AodvRreq = z.object({
  type: z.literal('AodvRreq'),
  ...messageIds,
  first: device,
  last: device,
  bcastId: z.int().nonnegative(),
  hops: z.int().nonnegative(),
});
/** Route reply, unicast back from `last` to `first` along the reverse path. */
const AodvRrep = z.object({ type: z.literal('AodvRrep'), ...messageIds, first: device, last: device, hops: z.int().nonnegative() });
/** Application data from `first` to `last`, hop by hop along the forward path. */
export const Data = z.object({ type: z.literal('Data'), ...messageIds, first: device, last: device, id: z.string(), data: z.string() });

export const AodvMessage = z.discriminatedUnion('type', [Topology, AodvRreq, AodvRrep, Data]);
export type AodvMessage = z.infer<typeof AodvMessage>;
export type DataMessage = z.infer<typeof Data>;
