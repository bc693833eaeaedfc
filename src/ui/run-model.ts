/**
 * The run as the page sees it, computed from the trace alone (so a live run, a saved trace and a
 * past moment all read the same way). Pure and DOM-free: the server and the page share it.
 */

/** One trace line, parsed (the engine's `--trace` format). */
export interface RunEvent {
  readonly seq: number;
  readonly kind: 'send' | 'deliver' | 'drop' | 'duplicate' | 'round' | 'crash' | 'mark';
  readonly src: number | null;
  readonly dst: number | null;
  readonly type: string | null;
  readonly msg: unknown;
  readonly round?: number;
}

/** A message on its way: sent (or duplicated), neither delivered nor dropped yet. */
export interface Pending {
  readonly src: number;
  readonly dst: number;
  readonly type: string;
  readonly msg: unknown;
  /** The send it came from. */
  readonly sentAt: number;
}

export interface DeviceState {
  readonly device: number;
  readonly crashed: boolean;
  readonly sent: readonly RunEvent[];
  readonly received: readonly RunEvent[];
  /** In flight to this device at that moment. */
  readonly inbox: readonly Pending[];
  /** The device's marks (`this.mark(...)`) so far. */
  readonly marks: readonly RunEvent[];
}

/** A delivered message: from its send to its delivery. */
export interface Arrow {
  readonly from: number;
  readonly to: number;
  readonly src: number;
  readonly dst: number;
  readonly type: string;
  /** The second copy of a duplicated message. */
  readonly duplicate: boolean;
  /** Delivered to a crashed device: dropped at the door. */
  readonly dropped: boolean;
}

/** A message lost on the wire (dropped as it was sent). */
export interface Loss {
  readonly at: number;
  readonly src: number;
  readonly dst: number;
  readonly type: string;
}

function keyOf(src: number | null, dst: number | null, type: string | null, msg: unknown): string {
  return `${src ?? ''}>${dst ?? ''}:${type ?? ''}:${JSON.stringify(msg)}`;
}

/** A message on its way, and whether it is a copy the wire made. */
interface InFlight {
  pending: Pending;
  duplicate: boolean;
}

/** The arrow of a delivery or a drop (`event`), from the send it matched, if any. */
function arrowOf(event: RunEvent, entry: InFlight | undefined, dropped: boolean): Arrow {
  return {
    from: entry?.pending.sentAt ?? event.seq,
    to: event.seq,
    src: event.src ?? -1,
    dst: event.dst ?? -1,
    type: event.type ?? '',
    duplicate: entry?.duplicate ?? false,
    dropped,
  };
}

/**
 * Replays the wire of `events` up to and including `seq`: what each device sent, received and has
 * in flight, the arrows (send -> deliver) and the losses. Copies of equal messages are matched
 * first in, first out, as the wire is.
 */
export function replay(
  events: readonly RunEvent[],
  devices: number,
  seq = Infinity,
): { devices: DeviceState[]; arrows: Arrow[]; losses: Loss[] } {
  const states = Array.from({ length: devices }, (_, device) => ({
    device,
    crashed: false,
    sent: [] as RunEvent[],
    received: [] as RunEvent[],
    marks: [] as RunEvent[],
  }));
  const pending = new Map<string, InFlight[]>();
  // In flight, in the order sent (a Set keeps insertion order and deletes in constant time).
  const order = new Set<InFlight>();
  const arrows: Arrow[] = [];
  const losses: Loss[] = [];
  let lastSend: { key: string; pending: Pending } | undefined;
  const take = (key: string): InFlight | undefined => {
    const queue = pending.get(key);
    const entry = queue?.shift();
    if (entry) order.delete(entry);
    return entry;
  };
  const put = (key: string, entry: InFlight): void => {
    const queue = pending.get(key) ?? [];
    queue.push(entry);
    pending.set(key, queue);
    order.add(entry);
  };
  for (const event of events) {
    if (event.seq > seq) break;
    const { src, dst, type } = event;
    const key = keyOf(src, dst, type, event.msg);
    switch (event.kind) {
      case 'send': {
        if (src !== null) states[src]?.sent.push(event);
        const entry = { src: src ?? -1, dst: dst ?? -1, type: type ?? '', msg: event.msg, sentAt: event.seq };
        lastSend = { key, pending: entry };
        put(key, { pending: entry, duplicate: false });
        break;
      }
      case 'duplicate':
        if (lastSend?.key === key) put(key, { pending: lastSend.pending, duplicate: true });
        break;
      case 'deliver': {
        if (dst !== null) states[dst]?.received.push(event);
        arrows.push(arrowOf(event, take(key), false));
        break;
      }
      case 'drop': {
        const entry = take(key);
        if (entry && entry.pending.sentAt === lastSend?.pending.sentAt && event.seq === entry.pending.sentAt + 1) {
          losses.push({ at: event.seq, src: src ?? -1, dst: dst ?? -1, type: type ?? '' });
        } else {
          arrows.push(arrowOf(event, entry, true));
        }
        break;
      }
      case 'crash': {
        const state = src === null ? undefined : states[src];
        if (state) state.crashed = true;
        break;
      }
      case 'mark':
        if (src !== null) states[src]?.marks.push(event);
        break;
      case 'round':
        break;
    }
  }
  const inboxes = states.map(() => [] as Pending[]);
  for (const entry of order) inboxes[entry.pending.dst]?.push(entry.pending);
  return { devices: states.map((state, device) => ({ ...state, inbox: inboxes[device] ?? [] })), arrows, losses };
}

/** The seq of the n-th delivery (1-based): a stepper's "step n". */
export function seqOfStep(events: readonly RunEvent[], step: number): number | undefined {
  let count = 0;
  for (const event of events) if (event.kind === 'deliver' && ++count === step) return event.seq;
  return undefined;
}

/** Counts as the `--json` summary has them: sent in total and per type, delivered, dropped, duplicated. */
export function countsOf(events: readonly RunEvent[]): {
  total: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  perType: Record<string, number>;
} {
  const perType: Record<string, number> = {};
  let total = 0;
  let delivered = 0;
  let dropped = 0;
  let duplicated = 0;
  for (const event of events) {
    if (event.kind === 'send') {
      total++;
      const type = event.type ?? '';
      perType[type] = (perType[type] ?? 0) + 1;
    } else if (event.kind === 'deliver') delivered++;
    else if (event.kind === 'drop') dropped++;
    else if (event.kind === 'duplicate') duplicated++;
  }
  return { total, delivered, dropped, duplicated, perType };
}
