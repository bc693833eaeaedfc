import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { devicesOption, intOption } from '../options.js';
import { BUNDLED } from './word-count.js';

/** The seed's roles: device 0 is the client, 1 the master, the others are workers. */
export const CLIENT = 0;
export const MASTER = 1;
export const FIRST_WORKER = 2;

export const mapReduceOptions = z.strictObject({
  reducers: intOption('partitions, one reducer each (the seed: 3)', { min: 1, max: 26, fallback: 3 }),
  corpus: z
    .string()
    .min(1)
    .default(BUNDLED)
    // A folder is made absolute here, so that device processes started elsewhere read the same files.
    .transform((value) => (value === BUNDLED ? value : resolve(value)))
    .describe(`the texts to count: ${BUNDLED} (six bundled Andersen tales, public domain) or a folder of .txt files (default ${BUNDLED})`),
  files: intOption('how many of the texts to count, in name order; 0 for all', { min: 0, max: 10_000, fallback: 0 }),
  straggler: intOption('rounds a map or reduce task may run before the master gives a copy to another worker', {
    min: 2,
    max: 40,
    fallback: 10,
  }),
  slow: devicesOption('workers that are slow: they map one file every `slowdown` rounds'),
  slowdown: intOption('how many rounds a slow worker takes per file', { min: 2, max: 40, fallback: 10 }),
});
export type MapReduceOptions = z.infer<typeof mapReduceOptions>;

/** What the options cannot say alone: enough devices for the roles, slow devices that are workers, a readable corpus. */
export function validateMapReduce(raw: Readonly<Record<string, unknown>>, devices: number): string | undefined {
  const options = raw as MapReduceOptions;
  if (devices < options.reducers + 3)
    return `reducers: ${options.reducers} reducers, a client, a master and at least one mapper need ${options.reducers + 3} devices, not ${devices}`;
  const notWorker = options.slow.find((device) => device < FIRST_WORKER || device >= devices);
  if (notWorker !== undefined) return `slow: device ${notWorker} is not a worker (workers are ${FIRST_WORKER}-${devices - 1})`;
  if (options.corpus !== BUNDLED) {
    if (!existsSync(options.corpus) || !statSync(options.corpus).isDirectory()) return `corpus: ${options.corpus} is not a folder`;
    if (!readdirSync(options.corpus).some((name) => name.endsWith('.txt'))) return `corpus: ${options.corpus} holds no .txt files`;
  }
  return undefined;
}
