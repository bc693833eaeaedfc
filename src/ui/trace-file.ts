import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError, messageOf } from '../common/index.js';
import type { RunEvent } from './run-model.js';

const Device = z.int().nonnegative().nullable();

/** One line of the engine's `--trace` output. */
const TraceLine = z.strictObject({
  seq: z.int().positive(),
  kind: z.enum(['send', 'deliver', 'drop', 'duplicate', 'round', 'crash', 'mark']),
  src: Device,
  dst: Device,
  type: z.string().nullable(),
  msg: z.unknown(),
  round: z.int().nonnegative().optional(),
});

/** Devices a trace speaks of: one more than the highest device named. */
export function devicesIn(events: readonly RunEvent[]): number {
  let highest = -1;
  for (const { src, dst } of events) highest = Math.max(highest, src ?? -1, dst ?? -1);
  return highest + 1;
}

/** Reads and checks a saved trace; anything wrong is a UsageError naming the file and the line. */
export async function readTraceFile(path: string): Promise<RunEvent[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the trace ${path}: ${messageOf(error)}`);
  }
  const events: RunEvent[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new UsageError(`${path}:${index + 1}: not a trace line (not JSON); expected the output of --trace`);
    }
    const parsed = TraceLine.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') ?? '';
      throw new UsageError(`${path}:${index + 1}: not a trace line: ${where === '' ? '' : `${where}: `}${issue?.message ?? 'invalid'}`);
    }
    const previous = events.at(-1)?.seq ?? 0;
    if (parsed.data.seq <= previous) throw new UsageError(`${path}:${index + 1}: seq ${parsed.data.seq} does not follow ${previous}`);
    events.push(parsed.data);
  }
  if (events.length === 0) throw new UsageError(`${path}: the trace is empty`);
  return events;
}
