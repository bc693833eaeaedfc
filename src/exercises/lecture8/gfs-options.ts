import { z } from 'zod';
import { intOption } from '../options.js';

export const gfsOptions = z.strictObject({
  chunkservers: intOption('chunkservers, devices 1.. after the master (the seed: 4); the other devices are clients', {
    min: 1,
    max: 50,
    fallback: 4,
  }),
  replicas: intOption('replicas of each chunk (the seed: 3)', { min: 1, max: 50, fallback: 3 }),
  appends: intOption('records each client appends, one after the other', { min: 1, max: 100, fallback: 3 }),
  capacity: intOption('records a chunk holds; a full chunk sends the client to the next one', { min: 1, max: 1000, fallback: 8 }),
});
export type GfsOptions = z.infer<typeof gfsOptions>;

/** The seed's layout: one master at 0, then the chunkservers, then the clients. */
export const MASTER = 0;
export const isChunkserver = (index: number, options: GfsOptions): boolean => index >= 1 && index <= options.chunkservers;
export const chunkserverIndices = (options: GfsOptions): number[] => Array.from({ length: options.chunkservers }, (_, i) => i + 1);
export const clientIndices = (options: GfsOptions, devices: number): number[] =>
  Array.from({ length: devices - 1 - options.chunkservers }, (_, i) => i + 1 + options.chunkservers);

/** The one file every client appends to (the seed's). */
export const FILENAME = 'myfile.txt';

/** The master pings every chunkserver this often (in its rounds) while there is work. */
export const HEARTBEAT_ROUNDS = 5;
/** Unanswered pings after which the master takes a chunkserver for dead. */
export const HEARTBEAT_MISSES = 3;
/** Rounds a client waits for an answer before it asks the master again. */
export const CLIENT_RETRY_ROUNDS = 20;
/** Times a client asks again for one record before it gives up. */
export const CLIENT_RETRIES = 10;
/** Rounds without a word from any client after which the master stops pinging (a crashed client never says goodbye). */
export const MASTER_IDLE_ROUNDS = 3 * CLIENT_RETRY_ROUNDS;

export function validateGfs(raw: Readonly<Record<string, unknown>>, devices: number): string | undefined {
  const options = raw as GfsOptions;
  if (options.replicas > options.chunkservers)
    return `replicas: ${options.replicas} replicas need at least ${options.replicas} chunkservers, not ${options.chunkservers}`;
  if (devices < options.chunkservers + 2)
    return `chunkservers: a master, ${options.chunkservers} chunkservers and at least one client need ${options.chunkservers + 2} devices, not ${devices}`;
  return undefined;
}
