import { z } from 'zod';
import { intOption } from '../options.js';

export const blockchainOptions = z.strictObject({
  length: intOption('blocks in the chain, genesis included, at which mining stops (the seed: 20)', { min: 2, max: 200, fallback: 20 }),
  difficulty: intOption('proof of work: leading zero bits of a block hash (the seed: 4; 2 makes many forks)', {
    min: 0,
    max: 24,
    fallback: 4,
  }),
  tries: intOption('nonces a miner tries per round (the seed: 1)', { min: 1, max: 10_000, fallback: 1 }),
});
export type BlockchainOptions = z.infer<typeof blockchainOptions>;

/** Devices with an even index mine; the client at an odd index works with the miner before it. */
export const isMiner = (index: number): boolean => index % 2 === 0;
