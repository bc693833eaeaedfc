/**
 * Progress on stderr for long work, the one progress display of the CLI and the bench: a status
 * line redrawn in place (a phase such as `starting 41 functions`, with a bar once there is a count),
 * and lines logged above it. Drawn only on a terminal, so that pipes, logs and `--json` stay clean;
 * redrawn at most every 50 ms.
 */
export interface ProgressOptions {
  /** Default: stderr is a terminal. */
  readonly enabled?: boolean;
  /** Default: process.stderr. */
  readonly stream?: NodeJS.WriteStream;
  /** Prefix each logged line with the seconds since start, as the bench does. Default false. */
  readonly timestamps?: boolean;
}

/** Whether both stdout and stderr are terminals: a person watches, and nothing parses the output. */
export function onTerminal(): boolean {
  return Boolean((process.stdout.isTTY as boolean | undefined) && (process.stderr.isTTY as boolean | undefined));
}

const BAR_WIDTH = 30;
const REDRAW_MS = 50;

export class Progress {
  readonly enabled: boolean;
  private readonly stream: NodeJS.WriteStream;
  private readonly timestamps: boolean;
  private readonly began = Date.now();
  private status = '';
  private count: { done: number; total: number } | undefined;
  private drawnAt = 0;
  private drawn = false;

  constructor(options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    // Node declares isTTY a boolean, but a stream that is not a terminal has none at all.
    this.enabled = options.enabled ?? Boolean(this.stream.isTTY as boolean | undefined);
    this.timestamps = options.timestamps ?? false;
  }

  /** What is happening now; clears the count. */
  phase(text: string): void {
    this.status = text;
    this.count = undefined;
    this.draw(true);
  }

  /** How far the current phase is: a bar of `done` out of `total`. */
  update(done: number, total: number, text = this.status): void {
    this.status = text;
    this.count = { done, total };
    this.draw(done >= total);
  }

  /** A line that stays, printed above the status line (always printed, on a terminal or not). */
  line(text: string): void {
    const stamp = this.timestamps ? `[${((Date.now() - this.began) / 1000).toFixed(0).padStart(4)} s] ` : '';
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.stream.write(`${stamp}${text}\n`);
    this.drawn = false;
    this.draw(true);
  }

  /** Removes the status line. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
    this.status = '';
    this.count = undefined;
  }

  private draw(force: boolean): void {
    if (!this.enabled || this.status === '') return;
    const now = Date.now();
    if (!force && now - this.drawnAt < REDRAW_MS) return;
    this.drawnAt = now;
    let text = this.status;
    if (this.count) {
      const { done, total } = this.count;
      const filled = total === 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH));
      text = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${text}`;
    }
    const columns = this.stream.columns > 0 ? this.stream.columns : 100;
    this.stream.write(`\r\x1b[2K${text.slice(0, columns - 1)}`);
    this.drawn = true;
  }
}
