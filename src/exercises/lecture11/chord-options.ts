import { z } from 'zod';
import { intOption } from '../options.js';
import { ADDRESS_SPACE } from './chord-ring.js';

export const chordOptions = z.strictObject({
  keys: intOption('keys the client PUTs and GETs (the seed PUTs every address: 64)', {
    min: 1,
    max: ADDRESS_SPACE,
    fallback: ADDRESS_SPACE,
  }),
  stabilize: intOption('rounds between two stabilize (and fix_fingers) steps of a node', { min: 1, max: 20, fallback: 4 }),
});
export type ChordOptions = z.infer<typeof chordOptions>;

/** The seed's roles: device 0 is the client, device 1 starts outside the ring and joins, the others form the ring. */
export const CLIENT = 0;
export const JOINER = 1;
/** The node the client sends its requests to (the seed's device 2). */
export const ENTRY = 2;
