import { z } from 'zod';
import { UsageError } from '../common/index.js';
import type { Node } from './node.js';
import { encodeGreyPng } from './png.js';

/** The seed's split: an 8 x 8 grid of blocks. */
const MANDELBROT_GRID = 8;
const MANDELBROT_FUNCTION = 'mandelbrot-block';
const MAX_ITERATIONS = 256;
const ARRAY = 'mandelbrot-blocks';

const BlockArg = z.strictObject({
  size: z.number().int().min(MANDELBROT_GRID).max(8192),
  index: z.number().int().nonnegative(),
});

/** One pixel: the escape count of its point of the plane [-2, 1] x [-1.5, 1.5], as a grey level. */
function pixel(size: number, x: number, y: number): number {
  const cr = -2 + (3 * x) / size;
  const ci = -1.5 + (3 * y) / size;
  let zr = 0;
  let zi = 0;
  let n = 0;
  while (n < MAX_ITERATIONS - 1 && zr * zr + zi * zi <= 4) {
    const t = zr * zr - zi * zi + cr;
    zi = 2 * zr * zi + ci;
    zr = t;
    n++;
  }
  return n === MAX_ITERATIONS - 1 ? 0 : 255 - n;
}

/** Block `index` (row-major in the grid) of a size x size image, row-major bytes. */
function renderBlock(size: number, index: number): Uint8Array {
  const side = size / MANDELBROT_GRID;
  const x0 = (index % MANDELBROT_GRID) * side;
  const y0 = Math.floor(index / MANDELBROT_GRID) * side;
  const block = new Uint8Array(side * side);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) block[y * side + x] = pixel(size, x0 + x, y0 + y);
  return block;
}

function assertSize(size: number): void {
  if (!Number.isInteger(size) || size < MANDELBROT_GRID || size > 8192 || size % MANDELBROT_GRID !== 0)
    throw new UsageError(`--size: must be a multiple of ${MANDELBROT_GRID} from ${MANDELBROT_GRID} to 8192`);
}

/** Puts the blocks (in index order) together into the PNG. */
function assemble(size: number, blocks: readonly Uint8Array[]): Buffer {
  const side = size / MANDELBROT_GRID;
  const pixels = new Uint8Array(size * size);
  blocks.forEach((block, index) => {
    const x0 = (index % MANDELBROT_GRID) * side;
    const y0 = Math.floor(index / MANDELBROT_GRID) * side;
    for (let y = 0; y < side; y++) pixels.set(block.subarray(y * side, (y + 1) * side), (y0 + y) * size + x0);
  });
  return encodeGreyPng(size, size, pixels);
}

/** The whole image in this process: what a distributed render must equal byte for byte. */
export function renderMandelbrotPng(size: number): Buffer {
  assertSize(size);
  return assemble(
    size,
    Array.from({ length: MANDELBROT_GRID * MANDELBROT_GRID }, (_, i) => renderBlock(size, i)),
  );
}

/**
 * A worker's side: renders a block and stores it (base64) in the coordinator's distributed array,
 * the seed's way of gathering results; returns the block's index.
 */
export async function serveMandelbrot(node: Node): Promise<void> {
  await node.register(
    MANDELBROT_FUNCTION,
    async (arg) => {
      const { size, index } = arg as z.infer<typeof BlockArg>;
      const blocks = await node.array(ARRAY);
      await blocks.set(index, Buffer.from(renderBlock(size, index)).toString('base64'));
      return index;
    },
    { input: BlockArg },
  );
}

/**
 * The coordinator's side: dispatches the 64 blocks over the nodes that serve them (work pulling; a
 * node that dies has its blocks done by others) and assembles the PNG from the distributed array.
 */
export async function renderMandelbrotDistributed(
  node: Node,
  size: number,
  onBlock?: (done: number, total: number, by: string) => void,
  signal?: AbortSignal,
): Promise<Buffer> {
  assertSize(size);
  const total = MANDELBROT_GRID * MANDELBROT_GRID;
  const blocks = await node.createArray(ARRAY, 'string', total, '');
  let done = 0;
  await node.dispatch(
    MANDELBROT_FUNCTION,
    Array.from({ length: total }, (_, index) => ({ size, index })),
    { onResult: ({ node: by }) => onBlock?.(++done, total, by), timeoutMs: 600_000, signal },
  );
  const encoded = (await blocks.readAll()) as string[];
  return assemble(
    size,
    encoded.map((b64) => new Uint8Array(Buffer.from(b64, 'base64'))),
  );
}
