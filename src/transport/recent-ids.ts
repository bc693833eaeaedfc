/** How many message ids a consumer remembers (the copies a resend makes arrive soon after the first). */
const REMEMBERED = 50_000;

/**
 * The ids of the messages a consumer already took, so that a copy (a publish sent again after a
 * reconnect, a delivery the broker hands out again because its ack was lost) changes nothing.
 * Ids are unique per publish (a connection's nonce and a sequence number) and authenticated with
 * the message, so a replay under a fresh id fails its tag.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  /** True if `id` was seen before; remembers it otherwise. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > REMEMBERED) {
      const oldest = this.ids.values().next();
      if (oldest.done !== true) this.ids.delete(oldest.value);
    }
    return false;
  }
}
