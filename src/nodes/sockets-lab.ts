import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CheckFailedError } from '../common/index.js';
import type { Node } from './node.js';

/** The lab's two binary files, by name and size (seed 002). */
const LAB_FILES = { 'small.bin': 55_696, 'large.bin': 583_163 } as const;
type LabFile = keyof typeof LAB_FILES;
/** Bytes per chunk: a chunk's base64 stays well under the transport's 1 MiB message limit. */
const CHUNK_BYTES = 64 * 1024;

const FileName = z.enum(Object.keys(LAB_FILES) as [LabFile, ...LabFile[]], { error: 'no such file on the file service' });
const ChunkArg = z.strictObject({ name: FileName, index: z.number().int().nonnegative() });

/** A lab file's bytes: the same on every worker (SHA-256 in counter mode over its name). */
function labFile(name: LabFile): Buffer {
  const size = LAB_FILES[name];
  const blocks: Buffer[] = [];
  for (let i = 0; i * 32 < size; i++) blocks.push(createHash('sha256').update(`${name}:${i}`).digest());
  return Buffer.concat(blocks).subarray(0, size);
}

/** A worker of the pool: the echo service and the file service (info and chunks). */
export async function serveSocketsLab(node: Node): Promise<void> {
  const files = new Map((Object.keys(LAB_FILES) as LabFile[]).map((name) => [name, labFile(name)]));
  await node.register('echo', (text) => text, { input: z.string().max(10_000) });
  await node.register(
    'file-info',
    (name) => {
      const bytes = files.get(name as LabFile) ?? Buffer.alloc(0);
      return {
        size: bytes.length,
        chunks: Math.ceil(bytes.length / CHUNK_BYTES),
        sha256: createHash('sha256').update(bytes).digest('hex'),
      };
    },
    { input: FileName },
  );
  await node.register(
    'file-chunk',
    (arg) => {
      const { name, index } = arg as z.infer<typeof ChunkArg>;
      const bytes = files.get(name) ?? Buffer.alloc(0);
      return bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES).toString('base64');
    },
    { input: ChunkArg },
  );
}

export interface LabTransfer {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  readonly chunks: number;
  /** Chunks served per worker id: the pool's competing consumers at work. */
  readonly chunksPerNode: Record<string, number>;
  /** What the echo service answered to "The size of NAME is N". */
  readonly echo: string;
}

/**
 * The lab's client: fetches each file in chunks from the pool, checks its SHA-256 against the file
 * service's, and tells the echo service its size. A mismatch is a failed check.
 */
export async function runSocketsLabClient(node: Node): Promise<LabTransfer[]> {
  const transfers: LabTransfer[] = [];
  for (const name of Object.keys(LAB_FILES) as LabFile[]) {
    const [info] = (await node.dispatch('file-info', [name])) as { size: number; chunks: number; sha256: string }[];
    if (!info) throw new CheckFailedError(`no answer about ${name}`);
    const perNode: Record<string, number> = {};
    const chunks = (await node.dispatch(
      'file-chunk',
      Array.from({ length: info.chunks }, (_, index) => ({ name, index })),
      { onResult: ({ node: by }) => (perNode[by] = (perNode[by] ?? 0) + 1) },
    )) as string[];
    const bytes = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk, 'base64')));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== info.size || sha256 !== info.sha256)
      throw new CheckFailedError(
        `${name}: received ${bytes.length} bytes with SHA-256 ${sha256}; the server has ${info.size} bytes, ${info.sha256}`,
      );
    const message = `The size of ${name} is ${bytes.length}`;
    const [echo] = (await node.dispatch('echo', [message])) as string[];
    if (echo !== message) throw new CheckFailedError(`the echo service answered '${String(echo)}' to '${message}'`);
    transfers.push({ name, size: bytes.length, sha256, chunks: chunks.length, chunksPerNode: perNode, echo });
  }
  return transfers;
}
