import { z } from 'zod';
import type { Algorithm } from '../algorithm.js';
import { fromClass } from '../device.js';
import { deviceNetwork } from '../systems/device-network.js';
import { counted } from '../systems/findings.js';
import { Block, blockHash } from './block.js';
import { checkBlockchain } from './blockchain-check.js';
import { BlockchainClient } from './blockchain-client.js';
import { BlockchainMessage } from './blockchain-messages.js';
import { BlockchainMiner, MINING_MARK_ROUNDS } from './blockchain-miner.js';
import { blockchainOptions, isMiner, type BlockchainOptions } from './blockchain-options.js';

/** The seed's factory: miners at even indices, each client at an odd index paired with the miner before it. */
export const BlockchainNetwork = deviceNetwork<BlockchainMessage, BlockchainOptions>('BlockchainNetwork', (index, n, medium, options) =>
  isMiner(index) ? new BlockchainMiner(index, n, medium, options) : new BlockchainClient(index, n, medium, options),
);

const Shown = z.discriminatedUnion('role', [
  z.object({ role: z.literal('miner'), chain: z.array(Block), mined: z.int(), switched: z.int() }),
  z.object({ role: z.literal('client'), miner: z.int(), transactions: z.int(), seen: z.int() }),
]);

function describeBlockchain(result: unknown): string {
  const parsed = Shown.safeParse(result);
  if (!parsed.success) return JSON.stringify(result);
  const shown = parsed.data;
  if (shown.role === 'client')
    return `client of miner ${shown.miner}: ${shown.transactions} transactions sent; saw a chain of ${shown.seen} blocks`;
  const last = shown.chain.at(-1);
  return (
    `miner: chain of ${shown.chain.length} blocks, last ${last ? blockHash(last).slice(0, 16) : '-'}; ` +
    `mined ${shown.mined}, gave up ${counted(shown.switched, 'fork')}`
  );
}

export const blockchainAlgorithm: Algorithm = {
  lecture: 10,
  name: 'BlockchainNetwork',
  summary: 'miners (even indices) and clients: SHA-256 proof of work, longest-chain rule, forks resolved; ends at a chain length',
  minDevices: 2,
  messages: BlockchainMessage,
  parseCopies: true,
  options: blockchainOptions,
  // A miner that still mines marks so this often; nothing else happens in silence.
  quietRounds: MINING_MARK_ROUNDS + 5,
  create: fromClass(BlockchainNetwork),
  check: checkBlockchain,
  describeResult: describeBlockchain,
};
