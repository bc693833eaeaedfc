import { createHash } from 'node:crypto';
import { z } from 'zod';

/** A block as the seed's Block, plus who mined it; the timestamp is the miner's round (deterministic). */
export const Block = z.object({
  index: z.int().nonnegative(),
  transactions: z.array(z.string()),
  timestamp: z.int().nonnegative(),
  previousHash: z.string(),
  nonce: z.int().nonnegative(),
  miner: z.int().nonnegative(),
});
export type Block = z.infer<typeof Block>;

/** The first block, the same everywhere; miner 0 hands it out, and it needs no proof of work. */
export const GENESIS: Block = { index: 0, transactions: [], timestamp: 0, previousHash: '0', nonce: 0, miner: 0 };

/** What a miner adds to its block for itself (the seed's incentive transaction). */
export const incentive = (miner: number): string => `(miner ${miner} gets incentive)`;

/** Hashes already computed, per block object: a miner hashes its own chain again and again. */
const hashes = new WeakMap<Block, string>();

/** SHA-256 of the block's JSON with its keys sorted, as the seed's json.dumps(sort_keys=True). */
export function blockHash(block: Block): string {
  const known = hashes.get(block);
  if (known !== undefined) return known;
  const sorted = {
    index: block.index,
    miner: block.miner,
    nonce: block.nonce,
    previousHash: block.previousHash,
    timestamp: block.timestamp,
    transactions: block.transactions,
  };
  const hash = createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
  hashes.set(block, hash);
  return hash;
}

/** How many of the hash's 256 bits are zero before the first one. */
function leadingZeroBits(hash: string): number {
  let bits = 0;
  for (const digit of hash) {
    const value = Number.parseInt(digit, 16);
    if (value === 0) {
      bits += 4;
      continue;
    }
    return bits + Math.clz32(value) - 28;
  }
  return bits;
}

/** The seed's proof of work: the hash starts with `difficulty` zero bits. */
export const provesWork = (hash: string, difficulty: number): boolean => leadingZeroBits(hash) >= difficulty;

/**
 * What is wrong with a chain, naming the block, or undefined: it starts with the genesis block,
 * every block's index follows its predecessor's, links to its hash, and has the proof of work.
 */
export function chainProblem(chain: readonly Block[], difficulty: number): string | undefined {
  const first = chain[0];
  if (first === undefined) return 'the chain is empty';
  if (blockHash(first) !== blockHash(GENESIS)) return 'block 0 is not the genesis block';
  let previous = blockHash(first);
  for (let at = 1; at < chain.length; at++) {
    const block = chain[at] as Block;
    const hash = blockHash(block);
    if (block.index !== at) return `block ${at} says it is block ${block.index}`;
    if (block.previousHash !== previous)
      return `block ${at} does not link to block ${at - 1} (previous hash ${block.previousHash.slice(0, 12)})`;
    if (!provesWork(hash, difficulty))
      return `block ${at} (hash ${hash.slice(0, 12)}) lacks the proof of work (${difficulty} leading zero bits)`;
    previous = hash;
  }
  return undefined;
}

/** The longest-chain rule, with a tie broken by the smaller last hash so that every miner picks the same one. */
export function beats(chain: readonly Block[], other: readonly Block[]): boolean {
  if (chain.length !== other.length) return chain.length > other.length;
  const mine = chain.at(-1);
  const theirs = other.at(-1);
  if (mine === undefined || theirs === undefined) return false;
  return blockHash(mine) < blockHash(theirs);
}
