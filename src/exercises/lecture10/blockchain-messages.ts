import { z } from 'zod';
import { messageIds } from '../message.js';
import { Block } from './block.js';

/** A miner's whole chain: to the other miners when it grew, to a client that asked. */
export const BlockchainMsg = z.object({ type: z.literal('Blockchain'), ...messageIds, chain: z.array(Block) });
/** A client's transaction for its miner's next block. */
export const Transaction = z.object({ type: z.literal('Transaction'), ...messageIds, transaction: z.string() });
/** A client asks its miner for the chain. */
const BlockchainRequest = z.object({ type: z.literal('BlockchainRequest'), ...messageIds });

export const BlockchainMessage = z.discriminatedUnion('type', [BlockchainMsg, Transaction, BlockchainRequest]);
export type BlockchainMessage = z.infer<typeof BlockchainMessage>;
