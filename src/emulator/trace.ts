import { createHash } from 'node:crypto';
import type { TraceEvent } from '../exercises/index.js';

export type TraceKind = TraceEvent['kind'];

const NO_ROUND = -1;
const HASH_CHUNK = 4096;

/**
 * The run's trace. While the run goes, an event costs a few array slots (no string building, so
 * the hot path stays cheap); the JSON lines are made once, when asked for. A message is serialized
 * once, when it is sent, and that text is reused for its deliveries: the trace shows what was on
 * the wire, even if a receiver later mutates its copy.
 */
export class TraceRecorder {
  private readonly kinds: TraceKind[] = [];
  private readonly srcs: (number | null)[] = [];
  private readonly dsts: (number | null)[] = [];
  private readonly types: (string | null)[] = [];
  private readonly jsons: (string | null)[] = [];
  private readonly rounds: number[] = [];
  private built: string[] | undefined;

  get length(): number {
    return this.kinds.length;
  }

  record(
    kind: TraceKind,
    src: number | null,
    dst: number | null,
    type: string | null,
    json: string | null,
    round: number | undefined,
  ): void {
    this.kinds.push(kind);
    this.srcs.push(src);
    this.dsts.push(dst);
    this.types.push(type);
    this.jsons.push(json);
    this.rounds.push(round ?? NO_ROUND);
    this.built = undefined;
  }

  /** One JSON object per event: `{seq, kind, src, dst, type, msg, round?}`. */
  lines(): string[] {
    if (this.built) return this.built;
    this.built = this.linesFrom(0);
    return this.built;
  }

  /** The lines of the events from index `start` on (a watcher's increment, without rebuilding the rest). */
  linesFrom(start: number): string[] {
    const lines = new Array<string>(Math.max(0, this.kinds.length - start));
    for (let j = 0; j < lines.length; j++) {
      const i = start + j;
      const type = this.types[i] ?? null;
      const round = this.rounds[i] ?? NO_ROUND;
      lines[j] =
        `{"seq":${i + 1},"kind":"${this.kinds[i] ?? ''}","src":${this.srcs[i] ?? null},"dst":${this.dsts[i] ?? null},` +
        `"type":${type === null ? 'null' : JSON.stringify(type)},"msg":${this.jsons[i] ?? 'null'}${round === NO_ROUND ? '' : `,"round":${round}`}}`;
    }
    return lines;
  }

  text(): string {
    const lines = this.lines();
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  /** sha256 of the JSON-lines text: equal hashes, byte-identical traces. */
  hash(): string {
    const hash = createHash('sha256');
    const lines = this.lines();
    // Hashing in chunks: one update per line costs more than the hashing itself.
    for (let from = 0; from < lines.length; from += HASH_CHUNK) hash.update(`${lines.slice(from, from + HASH_CHUNK).join('\n')}\n`);
    return hash.digest('hex');
  }

  /** Parsed events, for checkers (read once, at the end of a run). */
  events(): TraceEvent[] {
    const events = new Array<TraceEvent>(this.kinds.length);
    for (let i = 0; i < events.length; i++) {
      const json = this.jsons[i] ?? null;
      const round = this.rounds[i] ?? NO_ROUND;
      const event: { -readonly [K in keyof TraceEvent]: TraceEvent[K] } = {
        seq: i + 1,
        kind: this.kinds[i] ?? 'send',
        src: this.srcs[i] ?? null,
        dst: this.dsts[i] ?? null,
        type: this.types[i] ?? null,
        msg: json === null ? null : (JSON.parse(json) as TraceEvent['msg']),
      };
      if (round !== NO_ROUND) event.round = round;
      events[i] = event;
    }
    return events;
  }
}
