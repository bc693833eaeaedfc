import { LoopDevice } from '../systems/loop-device.js';
import type { BlockchainMessage } from './blockchain-messages.js';
import type { BlockchainOptions } from './blockchain-options.js';

export interface ClientResult {
  readonly role: 'client';
  readonly miner: number;
  readonly transactions: number;
  /** The longest chain its miner showed it. */
  readonly seen: number;
}

/**
 * The seed's client: it asks its miner for the chain; while the chain is shorter than the
 * configured length it sends a transaction and asks again, and once the chain is long enough it
 * is done (the seed's odd "termination by the client", without its quit, which stopped miners that
 * still had a fork to settle).
 */
export class BlockchainClient extends LoopDevice<BlockchainMessage, BlockchainOptions> {
  /** The seed pairs each client with the miner just before it. */
  readonly miner = this.index - 1;
  private sent = 0;
  private longest = 0;

  protected override start(): void {
    this.tell(this.miner, { type: 'BlockchainRequest' });
  }

  protected handle(message: BlockchainMessage): void {
    if (message.type !== 'Blockchain') return;
    this.longest = Math.max(this.longest, message.chain.length);
    if (message.chain.length >= this.options.length) {
      this.stop();
      return;
    }
    this.tell(this.miner, { type: 'Transaction', transaction: `(transaction ${this.sent} by client ${this.index})` });
    this.sent++;
    this.tell(this.miner, { type: 'BlockchainRequest' });
  }

  override result(): ClientResult {
    return { role: 'client', miner: this.miner, transactions: this.sent, seen: this.longest };
  }
}
