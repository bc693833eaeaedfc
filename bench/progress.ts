/**
 * Progress on stderr: a line per measurement, and on a terminal a bar under them that counts
 * the measurements done. stdout stays for the table (or --json).
 */
export class Progress {
  private done = 0;
  private readonly tty: boolean;
  private readonly began = Date.now();

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = stream.isTTY;
  }

  /** Announces a measurement about to run (shown in the bar). */
  start(what: string): void {
    if (this.tty) this.drawBar(what);
  }

  /** One finished measurement. */
  line(text: string, counts = true): void {
    if (counts) this.done++;
    const elapsed = ((Date.now() - this.began) / 1000).toFixed(0).padStart(4);
    if (this.tty) this.stream.write('\r\x1b[2K');
    this.stream.write(`[${elapsed} s] ${text}\n`);
    if (this.tty) this.drawBar('');
  }

  finish(): void {
    if (this.tty) this.stream.write('\r\x1b[2K');
  }

  private drawBar(what: string): void {
    const width = 30;
    const filled = Math.round((this.done / Math.max(1, this.total)) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    const columns = this.stream.columns > 0 ? this.stream.columns : 100;
    this.stream.write(`\r\x1b[2K${`[${bar}] ${this.done}/${this.total} ${what}`.slice(0, columns - 1)}`);
  }
}
