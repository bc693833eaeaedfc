import { Device, type Medium } from '../device.js';
import type { Message } from '../message.js';

/** What a device says: the truth, or (Byzantine) a random value for each destination. */
export interface Voice {
  readonly byzantine: boolean;
  say<V extends number | null>(value: V, destination: number): V | number;
}

/**
 * The consensus participant every lecture 6 algorithm shares: it proposes a seeded random value
 * and decides once, marking both (`propose`, `decide`) in the trace, which is what the checkers
 * read. A Byzantine device runs the same code with a lying voice: each device it tells gets a
 * random value of its own.
 */
export abstract class ConsensusDevice<M extends Message, O extends { values: number; byzantine?: readonly number[] }> extends Device<M, O> {
  protected readonly voice: Voice;
  private proposal: number | null = null;
  private decision: { value: number | null } | undefined;

  constructor(index: number, numberOfDevices: number, medium: Medium<M>, options: O) {
    super(index, numberOfDevices, medium, options);
    const random = medium.random;
    const values = options.values;
    this.voice = options.byzantine?.includes(index)
      ? { byzantine: true, say: () => random.int(0, values - 1) }
      : { byzantine: false, say: (value) => value };
  }

  /** Draws this device's proposal and marks it. */
  protected propose(): number {
    const value = this.medium.random.int(0, this.options.values - 1);
    this.proposal = value;
    this.medium.mark('propose', { value });
    return value;
  }

  /** Decides (once) and marks the decision. */
  protected decide(value: number | null): void {
    if (this.decision) return;
    this.decision = { value };
    this.medium.mark('decide', { value });
  }

  protected get decided(): boolean {
    return this.decision !== undefined;
  }

  /** One message to every device, this one included (the seed's b_multicast). */
  protected bMulticast(message: (destination: number) => M): void {
    for (const destination of this.medium.ids) this.medium.send(message(destination));
  }

  override result(): { proposal: number | null; decided: boolean; decision: number | null; byzantine?: true } {
    return {
      proposal: this.proposal,
      decided: this.decision !== undefined,
      decision: this.decision?.value ?? null,
      ...(this.voice.byzantine ? { byzantine: true as const } : {}),
    };
  }
}
