import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretSearch, trailingZeros } from '../../src/pow/index.js';

/** Searches one worker's share until it finds a secret. */
function mine(nonce: number[], zeros: number, workerBits: number, workerByte: number): number[] {
  const search = new SecretSearch({ nonce: Uint8Array.from(nonce), zeros, workerBits, workerByte });
  for (;;) {
    const secret = search.run(1 << 14);
    if (secret) return [...secret];
  }
}

describe('the workers’ MD5 search', () => {
  for (const workers of [1, 2, 4, 8]) {
    it(`finds secrets that prove the work, in each worker's share, with ${workers} workers`, () => {
      const bits = Math.log2(workers);
      for (let zeros = 1; zeros <= 4; zeros++) {
        for (let byte = 0; byte < workers; byte++) {
          const secret = mine([1, 2, 3, 4], zeros, bits, byte);
          const hex = createHash('md5')
            .update(Uint8Array.from([1, 2, 3, 4, ...secret]))
            .digest('hex');
          expect(hex.endsWith('0'.repeat(zeros)), `${hex} for zeros ${zeros}, worker ${byte}`).toBe(true);
          expect((secret[0] ?? 0) >> (8 - bits)).toBe(bits === 0 ? 0 : byte);
        }
      }
    });
  }

  it('works for nonces of one byte and of the longest length', () => {
    for (const nonce of [[7], Array.from({ length: 32 }, (_, i) => i)]) {
      expect(trailingZeros(nonce, mine(nonce, 3, 1, 1))).toBeGreaterThanOrEqual(3);
    }
  });

  it('walks secrets in order: short ones first, the last byte fastest', () => {
    // The first secret of a plain brute force over lengths 1, 2, ... is the one a single worker finds.
    const nonce = [9, 9];
    const expected = bruteForce(nonce, 3);
    expect(mine(nonce, 3, 0, 0)).toEqual(expected);
  });
});

function bruteForce(nonce: number[], zeros: number): number[] {
  for (let length = 1; ; length++) {
    const total = 256 ** length;
    for (let i = 0; i < total; i++) {
      const secret = Array.from({ length }, (_, k) => Math.floor(i / 256 ** (length - 1 - k)) % 256);
      if (trailingZeros(nonce, secret) >= zeros) return secret;
    }
  }
}
