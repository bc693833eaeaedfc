import { z } from 'zod';
import { Device } from '../device.js';
import { messageIds } from '../message.js';

/** In each message a person discloses every secret they know (the seed's exercise 1). */
export const GossipMessage = z.object({
  type: z.enum(['gossip', 'gather', 'spread']),
  ...messageIds,
  secrets: z.array(z.int().nonnegative()),
});
export type GossipMessage = z.infer<typeof GossipMessage>;

/** Device i's secret is i: distinct, and a checker can tell where each one came from. */
export abstract class GossipDevice extends Device<GossipMessage> {
  protected readonly known = new Set<number>([this.index]);

  protected knowsAll(): boolean {
    return this.known.size === this.numberOfDevices;
  }

  /** Adds what a message discloses; true when it taught something new. */
  protected learn(message: GossipMessage): boolean {
    const before = this.known.size;
    for (const secret of message.secrets) this.known.add(secret);
    return this.known.size > before;
  }

  protected tell(destination: number, type: GossipMessage['type'] = 'gossip'): void {
    this.medium.send({ type, source: this.index, destination, secrets: [...this.known] });
  }

  override result(): { secrets: number[] } {
    return { secrets: [...this.known].sort((a, b) => a - b) };
  }
}
