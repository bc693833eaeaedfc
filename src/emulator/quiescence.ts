import type { Network } from './network.js';

/** Silent rounds (or async ticks) that end a run as quiescent, unless the algorithm says otherwise. */
export const DEFAULT_QUIET_ROUNDS = 50;

/**
 * Tells when nothing can happen any more: every live device waits, nothing is on its way, no crash
 * is still to come, and for `limit` consecutive rounds (ticks in async) nothing was sent, delivered
 * or marked. Such a run would spin for ever (a partitioned gossip, a lost message nobody resends);
 * the engine stops it there and lets the checker judge what the devices reached.
 */
export class QuiescenceWatch {
  private quiet = 0;
  private seen = -1;

  constructor(
    private readonly network: Network,
    private readonly limit: number,
  ) {}

  /** Called once per round (sync, before it ends) or tick (async); true once the run is quiescent. */
  observe(everyLiveDeviceWaits: boolean): boolean {
    const network = this.network;
    const activity = network.activity;
    if (!everyLiveDeviceWaits || !network.idle || network.crashesPending || activity !== this.seen) {
      this.quiet = 0;
      this.seen = activity;
      return false;
    }
    this.quiet++;
    return this.quiet >= this.limit;
  }
}
