/** How much of a crashed worker's output its error quotes. */
const TAIL_CHARS = 600;

/**
 * A worker's stdout and stderr: forwarded to the orchestrator's stderr (never to its stdout, which
 * carries results), the last lines kept for the error that says why the worker died.
 */
export class OutputTail {
  private tail = '';

  readonly forward = (chunk: Buffer | string): void => {
    process.stderr.write(chunk);
    this.tail = (this.tail + chunk.toString()).slice(-TAIL_CHARS);
  };

  /** `what`, with the last three lines written, if any. */
  describe(what: string): string {
    const lines = this.tail.trim().split('\n').slice(-3).join(' | ');
    return lines ? `${what}; stderr: ${lines}` : what;
  }
}
