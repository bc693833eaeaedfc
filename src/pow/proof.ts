import { createHash } from 'node:crypto';

/** How many zero hex digits end MD5(nonce + secret): the reference check, with Node's own MD5. */
export function trailingZeros(nonce: readonly number[], secret: readonly number[]): number {
  const hex = createHash('md5')
    .update(Uint8Array.from([...nonce, ...secret]))
    .digest('hex');
  return hex.length - hex.replace(/0+$/, '').length;
}

/** Whether `secret` proves the work: its MD5 with the nonce ends in at least `zeros` zero hex digits. */
export function provesWork(nonce: readonly number[], secret: readonly number[], zeros: number): boolean {
  return trailingZeros(nonce, secret) >= zeros;
}

/** A secret as the CLI shows it: hex, then the bytes as the seed prints them. */
export function describeSecret(secret: readonly number[]): string {
  return `${Buffer.from(secret).toString('hex')} [${secret.join(' ')}]`;
}
