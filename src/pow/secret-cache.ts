import type { Tracer } from './tracer.js';

interface Entry {
  readonly zeros: number;
  readonly secret: number[];
}

/**
 * The coordinator's cache (the seed's follow-up): one secret per nonce, the one with the most
 * trailing zeros found so far. A secret with z zeros answers any request for at most z.
 */
export class SecretCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly tracer: Tracer) {}

  /** Records CacheHit or CacheMiss for a request; the secret on a hit. */
  lookup(request: string, nonce: number[], zeros: number): number[] | undefined {
    const entry = this.entries.get(key(nonce));
    const fields = { Request: request, Nonce: nonce, NumTrailingZeros: zeros };
    if (entry !== undefined && entry.zeros >= zeros) {
      this.tracer.record({ action: 'CacheHit', ...fields, Secret: entry.secret });
      return entry.secret;
    }
    this.tracer.record({ action: 'CacheMiss', ...fields });
    return undefined;
  }

  /** Keeps a secret the workers found, unless the cache already answers as many zeros. */
  add(request: string, nonce: number[], zeros: number, secret: number[]): void {
    const old = this.entries.get(key(nonce));
    if (old !== undefined && old.zeros >= zeros) return;
    if (old !== undefined) {
      this.tracer.record({ action: 'CacheRemove', Request: request, Nonce: nonce, NumTrailingZeros: old.zeros, Secret: old.secret });
    }
    this.entries.set(key(nonce), { zeros, secret });
    this.tracer.record({ action: 'CacheAdd', Request: request, Nonce: nonce, NumTrailingZeros: zeros, Secret: secret });
  }
}

const key = (nonce: number[]): string => nonce.join(',');
