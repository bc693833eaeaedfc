import { readFile, writeFile } from 'node:fs/promises';
import { UsageError, messageOf } from '../common/index.js';
import { TraceRecord } from './actions.js';

/** The regular expression ShiViz parses our log with: a host and its vector clock, then the event. */
const SHIVIZ_REGEX = String.raw`(?<host>\S*) (?<clock>{.*})\n(?<event>.*)`;

/** Where the ShiViz log of a JSON-lines trace goes: beside it. */
function shivizPath(tracePath: string): string {
  return `${tracePath.replace(/\.jsonl?$/, '')}.shiviz.log`;
}

/** Writes the trace as JSON lines at `path`, and as a ShiViz log beside it (see docs/pow.md). */
export async function writeTrace(path: string, records: readonly TraceRecord[]): Promise<{ jsonl: string; shiviz: string }> {
  const shiviz = shivizPath(path);
  await writeFile(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  await writeFile(shiviz, toShiviz(records));
  return { jsonl: path, shiviz };
}

/** The seed's tracing server's ShiViz output: the regex line, a blank line, then two lines per action. */
export function toShiviz(records: readonly TraceRecord[]): string {
  const events = records.map((record) => `${record.node} ${JSON.stringify(record.clock)}\n${eventText(record)}\n`);
  return `${SHIVIZ_REGEX}\n\n${events.join('')}`;
}

/** `WorkerResult Request=client0.0, Nonce=[1 2 3 4], NumTrailingZeros=7, WorkerByte=3, Secret=[194 170 210 13]`: as the seed prints actions. */
function eventText(record: TraceRecord): string {
  const fields = Object.entries(record)
    .filter(([key]) => key !== 'action' && key !== 'node' && key !== 'clock')
    .map(
      ([key, value]: [string, unknown]) =>
        `${key}=${Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'string' ? value : JSON.stringify(value)}`,
    );
  return `${record.action} ${fields.join(', ')}`;
}

/** Reads a JSON-lines trace; a line that is not an action is a usage error naming the line. */
export async function readTrace(path: string): Promise<TraceRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`TRACE: cannot read ${path}: ${messageOf(error)}`);
  }
  const records: TraceRecord[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${path}:${index + 1}: not JSON`);
    }
    const parsed = TraceRecord.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`${path}:${index + 1}: not a trace action (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`);
    }
    records.push(parsed.data);
  }
  return records;
}
