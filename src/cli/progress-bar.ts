/**
 * A one-line progress bar on stderr, drawn only when both stdout and stderr are terminals (so
 * that piped output and `--json` stay clean), and redrawn at most every 50 ms.
 */
export interface ProgressBar {
  readonly enabled: boolean;
  update(done: number, total: number): void;
  finish(): void;
}

export function createProgressBar(label: string, enabled = process.stdout.isTTY && process.stderr.isTTY): ProgressBar {
  if (!enabled) return { enabled, update: () => undefined, finish: () => undefined };
  let last = 0;
  let drawn = false;
  const draw = (done: number, total: number): void => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
    drawn = true;
  };
  return {
    enabled,
    update(done, total) {
      const now = Date.now();
      if (now - last < 50 && done < total) return;
      last = now;
      draw(done, total);
    },
    finish() {
      if (drawn) process.stderr.write('\r\x1b[K');
    },
  };
}
