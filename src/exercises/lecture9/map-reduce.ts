import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { deviceNetwork } from '../systems/device-network.js';
import { counted } from '../systems/findings.js';
import { checkMapReduce } from './map-reduce-check.js';
import { MapReduceClient } from './map-reduce-client.js';
import { MapReduceMaster } from './map-reduce-master.js';
import { MapReduceMessage } from './map-reduce-messages.js';
import { CLIENT, MASTER, mapReduceOptions, validateMapReduce, type MapReduceOptions } from './map-reduce-options.js';
import { MapReduceWorker } from './map-reduce-worker.js';

/** The seed's factory: the client at 0, the master at 1, workers from 2 on. */
export const MapReduceNetwork = deviceNetwork<MapReduceMessage, MapReduceOptions>('MapReduceNetwork', (index, n, medium, options) => {
  if (index === CLIENT) return new MapReduceClient(index, n, medium, options);
  if (index === MASTER) return new MapReduceMaster(index, n, medium, options);
  return new MapReduceWorker(index, n, medium, options);
});

const Shown = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('client'),
    files: z.int(),
    resultFiles: z.array(z.string()),
    distinct: z.int(),
    words: z.int(),
    top: z.array(z.tuple([z.string(), z.int()])),
  }),
  z.object({ role: z.literal('master'), mapTasks: z.int(), backups: z.int(), reassigned: z.int() }),
  z.object({ role: z.literal('worker'), mapped: z.array(z.int()), reduced: z.array(z.int()) }),
]);

function describeMapReduce(result: unknown): string {
  const parsed = Shown.safeParse(result);
  if (!parsed.success) return JSON.stringify(result);
  const shown = parsed.data;
  switch (shown.role) {
    case 'client':
      return (
        `client: ${shown.files} files, ${shown.words} words, ${shown.distinct} distinct in ${shown.resultFiles.length} result files; ` +
        `most frequent: ${shown.top.map(([word, count]) => `${word} ${count}`).join(', ')}`
      );
    case 'master':
      return `master: ${counted(shown.mapTasks, 'map task')}; ${counted(shown.backups, 'task')} given to another worker too, ${shown.reassigned} run again for lost output`;
    case 'worker':
      return `worker: mapped ${shown.mapped.length === 0 ? 'nothing' : `task ${shown.mapped.join(', ')}`}; reduced ${shown.reduced.length === 0 ? 'nothing' : `partition ${shown.reduced.join(', ')}`}`;
  }
}

export const mapReduceAlgorithm: Algorithm = {
  lecture: 9,
  name: 'MapReduceNetwork',
  summary: 'client, master, mappers and reducers count words in bundled public-domain tales; stragglers get backup tasks',
  minDevices: 4,
  messages: MapReduceMessage,
  parseCopies: true,
  options: mapReduceOptions,
  validateOptions: validateMapReduce,
  create: fromClass(MapReduceNetwork),
  check: checkMapReduce,
  describeResult: describeMapReduce,
};
