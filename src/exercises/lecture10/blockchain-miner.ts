import { LoopDevice } from '../systems/loop-device.js';
import { GENESIS, beats, blockHash, chainProblem, incentive, provesWork, type Block } from './block.js';
import type { BlockchainMessage } from './blockchain-messages.js';
import { isMiner, type BlockchainOptions } from './blockchain-options.js';

/**
 * A miner mining rounds. Now and then a miner still mining marks it: hashing sends nothing, and
 * the run must not take a miner that hashes in silence for one with nothing left to do.
 */
export const MINING_MARK_ROUNDS = 25;

export interface MinerResult {
  readonly role: 'miner';
  readonly chain: Block[];
  readonly mined: number;
  /** Chains adopted from others that did not extend this miner's own: forks it gave up. */
  readonly switched: number;
}

/**
 * A miner of the seed's blockchain. Each round it takes in chains, transactions and requests, then
 * tries `tries` nonces for the next block (its incentive and the unconfirmed transactions); a block
 * it finds goes to every other miner with the whole chain. The longest-chain rule decides between
 * chains, the smaller last hash between equally long ones, so that a fork ends with every miner on
 * one chain; a miner that hears a chain worse than its own answers with its own. Mining stops at
 * the configured length.
 */
export class BlockchainMiner extends LoopDevice<BlockchainMessage, BlockchainOptions> {
  chain: Block[] = [];
  /** Transactions from clients, in the order they came; those not in the chain are unconfirmed. */
  private readonly transactions: string[] = [];
  private readonly known = new Set<string>();
  private unconfirmed: string[] = [];
  private nonce = this.freshNonce();
  private mined = 0;
  private switched = 0;

  protected override start(): void {
    if (this.index !== 0) return;
    this.chain = [GENESIS];
    this.broadcast();
  }

  protected handle(message: BlockchainMessage): void {
    switch (message.type) {
      case 'Blockchain':
        this.consider(message.chain, message.source);
        return;
      case 'BlockchainRequest':
        this.tell(message.source, { type: 'Blockchain', chain: this.chain });
        return;
      case 'Transaction':
        if (this.known.has(message.transaction)) return;
        this.known.add(message.transaction);
        this.transactions.push(message.transaction);
        this.unconfirmed.push(message.transaction);
        return;
    }
  }

  protected override work(): void {
    const last = this.chain.at(-1);
    if (last === undefined || this.chain.length >= this.options.length) return;
    if (this.round % MINING_MARK_ROUNDS === 0) this.medium.mark('mining', { height: this.chain.length });
    const previousHash = blockHash(last);
    for (let attempt = 0; attempt < this.options.tries; attempt++) {
      const block: Block = {
        index: last.index + 1,
        transactions: [incentive(this.index), ...this.unconfirmed],
        timestamp: this.round,
        previousHash,
        nonce: this.nonce++,
        miner: this.index,
      };
      if (!provesWork(blockHash(block), this.options.difficulty)) continue;
      this.chain = [...this.chain, block];
      this.unconfirmed = [];
      this.nonce = this.freshNonce();
      this.mined++;
      this.broadcast();
      return;
    }
  }

  /** The longest-chain rule for a chain that arrived. */
  protected consider(chain: Block[], from: number): void {
    if (chainProblem(chain, this.options.difficulty) !== undefined) return;
    if (beats(chain, this.chain)) {
      this.adopt(chain);
    } else if (isMiner(from) && beats(this.chain, chain)) {
      this.tell(from, { type: 'Blockchain', chain: this.chain });
    }
  }

  protected adopt(chain: Block[]): void {
    const extendsMine = this.chain.every((block, at) => chain[at] !== undefined && blockHash(chain[at]) === blockHash(block));
    if (!extendsMine) this.switched++;
    this.chain = chain;
    const confirmed = new Set(chain.flatMap((block) => block.transactions));
    this.unconfirmed = this.transactions.filter((transaction) => !confirmed.has(transaction));
    this.nonce = this.freshNonce();
  }

  /** Where a new block's nonces start: anywhere (the seed starts at 0; then every run would mine the same blocks). */
  private freshNonce(): number {
    return this.medium.random.int(0, 2 ** 30);
  }

  private broadcast(): void {
    for (let miner = 0; miner < this.numberOfDevices; miner += 2)
      if (miner !== this.index) this.tell(miner, { type: 'Blockchain', chain: this.chain });
  }

  override result(): MinerResult {
    return { role: 'miner', chain: this.chain, mined: this.mined, switched: this.switched };
  }
}
