/**
 * A small seeded PRNG (mulberry32 over a 32-bit state derived by FNV-1a). Deterministic across
 * platforms and Node versions, which Math.random is not; that is all fnsync needs of it.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** Shuffles in place (Fisher-Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[];
}

/** Hashes any number of parts into a 32-bit seed, so that (seed, role, id) streams are independent. */
export function seedFrom(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32's step: the state after `state`. */
const advance = (state: number): number => (state + 0x6d2b79f5) >>> 0;

/** mulberry32's output for an (advanced) state: a float in [0, 1). */
function output(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const between = (value: number, min: number, max: number): number => min + Math.floor(value * (max - min + 1));

export function createRng(seed: number | string): Rng {
  let state = typeof seed === 'number' ? seed >>> 0 : seedFrom(seed);
  const next = (): number => {
    state = advance(state);
    return output(state);
  };
  const int = (min: number, max: number): number => between(next(), min, max);
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[int(0, items.length - 1)] as T;
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(0, i);
        [items[i], items[j]] = [items[j] as T, items[i] as T];
      }
      return items;
    },
  };
}

/**
 * Many independent seeded streams, numbered 0 to `count` - 1, at five bytes each: what a stream
 * draws depends only on the seed, its number and how many draws it made before, never on the order
 * in which the streams are drawn from (say, one per pair of devices, drawn in whatever order a
 * broker interleaves their messages).
 */
export class RngStreams {
  private readonly states: Uint32Array;
  private readonly started: Uint8Array;

  constructor(
    private readonly seed: number,
    count: number,
  ) {
    this.states = new Uint32Array(count);
    this.started = new Uint8Array(count);
  }

  /** Stream `stream`'s next float in [0, 1). */
  next(stream: number): number {
    if (!(stream >= 0 && stream < this.states.length)) throw new RangeError(`no stream ${stream} of ${this.states.length}`);
    let state = this.started[stream] === 1 ? (this.states[stream] ?? 0) : seedFrom(this.seed, stream);
    state = advance(state);
    this.states[stream] = state;
    this.started[stream] = 1;
    return output(state);
  }

  /** Stream `stream`'s next integer in [min, max], both inclusive. */
  int(stream: number, min: number, max: number): number {
    return between(this.next(stream), min, max);
  }
}

/** A fresh random seed for runs the user did not seed, reported so that they can be replayed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
