import { ringNext, ringPrevious } from '../ring.js';

/**
 * Who is in a ring, as one device knows it: devices only ever join, and one known to have crashed
 * stays out for good. So two views merge by union, and the order in which news arrives does not
 * matter. The ring runs in index order over the members that did not crash.
 */
export class RingMembership {
  private readonly joined: Set<number>;
  private readonly crashed = new Set<number>();

  constructor(
    private readonly devices: number,
    members: Iterable<number>,
  ) {
    this.joined = new Set(members);
  }

  /** A member that did not crash. */
  has(device: number): boolean {
    return this.joined.has(device) && !this.crashed.has(device);
  }

  /** Ever known as a member (crashed since or not). */
  everJoined(device: number): boolean {
    return this.joined.has(device);
  }

  hasCrashed(device: number): boolean {
    return this.crashed.has(device);
  }

  add(device: number): void {
    if (!this.crashed.has(device)) this.joined.add(device);
  }

  crash(device: number): void {
    this.crashed.add(device);
  }

  /** Merges another view: its members and its crashed. */
  learn(members: Iterable<number>, crashed: Iterable<number>): void {
    for (const device of crashed) this.crash(device);
    for (const device of members) this.add(device);
  }

  /** The live members, in index order. */
  members(): number[] {
    return [...this.joined].filter((device) => !this.crashed.has(device)).sort((a, b) => a - b);
  }

  crashedOnes(): number[] {
    return [...this.crashed].sort((a, b) => a - b);
  }

  next(device: number): number | undefined {
    return ringNext(device, this.devices, (other) => this.has(other));
  }

  previous(device: number): number | undefined {
    return ringPrevious(device, this.devices, (other) => this.has(other));
  }
}
