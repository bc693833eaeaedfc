import { endianness } from 'node:os';
import { blockMatches, zeroMasks } from './md5-block.js';

/** One worker's share of a proof of work: the seed's split by worker byte. */
export interface SearchSpace {
  readonly nonce: Uint8Array;
  readonly zeros: number;
  /** log2 of the worker count: how many leading bits of a secret name its worker. */
  readonly workerBits: number;
  readonly workerByte: number;
}

/** nonce + secret must fit one MD5 block with its padding (64 bytes less 1 for 0x80, 8 for the length). */
const MAX_MESSAGE_BYTES = 55;

/**
 * Walks a worker's secrets in the seed's order: lengths 1, 2, 3, ...; in each, every secret whose
 * first byte starts with the worker byte's bits, the last byte varying fastest. `run(budget)`
 * hashes about `budget` candidates and returns the first secret found, so that a caller can look
 * at its messages (a cancel) between slices.
 */
export class SecretSearch {
  /** Candidates hashed so far. */
  hashes = 0;
  private readonly block = new Uint8Array(64);
  private readonly words = new Int32Array(this.block.buffer);
  private readonly masks: [number, number, number, number];
  private readonly firstBase: number;
  private readonly firstCount: number;
  /** The current secret; its last byte is set by the inner loop. */
  private secret = new Uint8Array(1);

  constructor(private readonly space: SearchSpace) {
    // The block is read as little-endian words: MD5's own order.
    if (endianness() !== 'LE') throw new Error('the MD5 search needs a little-endian machine');
    this.masks = zeroMasks(space.zeros);
    this.firstCount = 1 << (8 - space.workerBits);
    this.firstBase = space.workerByte << (8 - space.workerBits);
    this.secret[0] = this.firstBase;
    this.layOut();
  }

  run(budget: number): Uint8Array | undefined {
    let done = 0;
    while (done < budget) {
      const swept = this.sweep();
      if (swept instanceof Uint8Array) {
        this.hashes += done;
        return swept;
      }
      done += swept;
    }
    this.hashes += done;
    return undefined;
  }

  /** Every value of the secret's last byte: the secret found, or how many were hashed. */
  private sweep(): Uint8Array | number {
    const [maskA, maskB, maskC, maskD] = this.masks;
    const { block, words, secret } = this;
    const last = this.space.nonce.length + secret.length - 1;
    const word = last >> 2;
    const shift = (last & 3) * 8;
    const rest = (words[word] ?? 0) & ~(0xff << shift);
    const base = secret.length === 1 ? this.firstBase : 0;
    const count = secret.length === 1 ? this.firstCount : 256;
    for (let value = 0; value < count; value++) {
      words[word] = rest | ((base + value) << shift);
      if (blockMatches(words, maskA, maskB, maskC, maskD)) {
        this.hashes += value + 1;
        const found = block.slice(this.space.nonce.length, last + 1);
        this.advance();
        return found;
      }
    }
    this.advance();
    return count;
  }

  /** On to the next secret whose last byte is 0 (or the first byte's base), growing the length after the last. */
  private advance(): void {
    const { secret } = this;
    for (let i = secret.length - 2; i >= 0; i--) {
      const value = secret[i] ?? 0;
      const end = i === 0 ? this.firstBase + this.firstCount : 256;
      if (value + 1 < end) {
        secret[i] = value + 1;
        this.layOut();
        return;
      }
      secret[i] = i === 0 ? this.firstBase : 0;
    }
    if (this.space.nonce.length + secret.length + 1 > MAX_MESSAGE_BYTES) throw new Error('the search space of one MD5 block is exhausted');
    this.secret = new Uint8Array(secret.length + 1);
    this.secret[0] = this.firstBase;
    this.layOut();
  }

  /** nonce, secret, MD5 padding and the bit length, in the block. */
  private layOut(): void {
    const { block, secret } = this;
    const { nonce } = this.space;
    block.fill(0);
    block.set(nonce, 0);
    block.set(secret, nonce.length);
    const length = nonce.length + secret.length;
    block[length] = 0x80;
    this.words[14] = length * 8;
  }
}
