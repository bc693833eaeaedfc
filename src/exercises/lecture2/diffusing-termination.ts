/**
 * Dijkstra and Scholten's termination detection for a diffusing computation: one root starts it;
 * every other device takes part once a message of it arrives. Each message is acknowledged: at
 * once, except the one that engaged an idle device, which is acknowledged when that device is
 * idle again (it sent nothing unacknowledged and has nothing left to do). The engaging messages
 * form a tree that shrinks from the leaves, and when the root's own messages are all
 * acknowledged, nothing is on its way and nobody will send again: the computation has ended.
 *
 * The owner tells it what happens; it says whom to acknowledge.
 */
export class DiffusingTermination {
  private engaged = false;
  private parent: number | null = null;
  /** Messages sent and not acknowledged yet. */
  private deficit = 0;

  constructor(private readonly root: boolean) {}

  /** The root starts (another round of) the computation. */
  start(): void {
    if (this.root) this.engaged = true;
  }

  /**
   * A message of the computation arrived from `from`. Returns whether to acknowledge it now;
   * if not, it engaged this device, and detach() will acknowledge it.
   */
  received(from: number): boolean {
    if (this.engaged) return true;
    this.engaged = true;
    this.parent = from;
    return false;
  }

  sent(count = 1): void {
    this.deficit += count;
  }

  acknowledged(): void {
    this.deficit--;
  }

  /**
   * Called when the owner has nothing more to do for now. Returns the parent to acknowledge, if
   * this device just became idle; `ended` at the root when the whole computation has ended.
   */
  detach(): number | 'ended' | null {
    if (!this.engaged || this.deficit > 0) return null;
    this.engaged = false;
    const parent = this.parent;
    this.parent = null;
    return this.root ? 'ended' : parent;
  }
}
