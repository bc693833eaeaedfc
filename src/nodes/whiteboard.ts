import { RejectReason } from '../transport/index.js';
import { STROKES_PER_BATCH, type MessageOf, type Stroke, type StrokeDrawing } from './messages.js';
import type { NodePort } from './port.js';
import { TokenBucket } from './token-bucket.js';

/** Strokes a node keeps (the oldest go first): what a page or a node that comes late is shown. */
export const MAX_STROKES = 4000;
/** Per sender: a burst of this many strokes, then this many per second. */
const BURST = 60;
const PER_SECOND = 30;
/** Per sender, batches for a newcomer: all of a node's own strokes at once, then a few a second. */
const BATCH_BURST = 2 * Math.ceil(MAX_STROKES / STROKES_PER_BATCH);
const BATCHES_PER_SECOND = 2;
/** Senders whose rate is tracked; the longest unheard is forgotten first (ids are cheap to make up without a secret). */
const SENDERS_TRACKED = 256;

/**
 * The seed's whiteboard demo on the broker: a stroke drawn on one node is broadcast to all, each
 * node keeps the strokes so far (bounded) and tells its listeners, and a node that joins late gets
 * every peer's own strokes from that peer. A node speaks only for its own strokes (`by` is the
 * sender, authenticated with a cluster secret), and every sender is held to a rate, so one node
 * cannot flood the others' boards or memory.
 */
export class Whiteboard {
  private readonly kept: Stroke[] = [];
  private readonly keys = new Set<string>();
  private readonly buckets = new Map<string, TokenBucket>();
  private seq = 0;

  constructor(
    private readonly port: NodePort,
    private readonly onStroke: (stroke: Stroke) => void,
  ) {}

  /** Every stroke kept, oldest first. */
  strokes(): Stroke[] {
    return [...this.kept];
  }

  /** Draws a stroke on every node's board; null when this node draws faster than the rate allows. */
  draw(drawing: StrokeDrawing): Stroke | null {
    if (!this.bucket(this.port.id, 'stroke').take()) return null;
    const stroke: Stroke = { ...drawing, by: this.port.id, seq: ++this.seq };
    this.keep(stroke);
    this.port.broadcast({ type: 'stroke', from: this.port.id, stroke });
    return stroke;
  }

  /** A node joined: it gets this node's own strokes (each node sends its own, so none twice). */
  onJoined(peer: string): void {
    const own = this.kept.filter((stroke) => stroke.by === this.port.id);
    for (let start = 0; start < own.length; start += STROKES_PER_BATCH)
      this.port.send(peer, { type: 'strokes', from: this.port.id, strokes: own.slice(start, start + STROKES_PER_BATCH) });
  }

  handle(message: MessageOf<'stroke'> | MessageOf<'strokes'>): void {
    if (message.from === this.port.id) return;
    const strokes = message.type === 'stroke' ? [message.stroke] : message.strokes;
    if (strokes.some((stroke) => stroke.by !== message.from)) return this.refuse(message, 'strokes of another node');
    if (!this.bucket(message.from, message.type).take()) return this.refuse(message, 'over the rate');
    for (const stroke of strokes) this.keep(stroke);
  }

  private keep(stroke: Stroke): void {
    const key = `${stroke.by}:${stroke.seq}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.kept.push(stroke);
    for (const old of this.kept.splice(0, Math.max(0, this.kept.length - MAX_STROKES))) this.keys.delete(`${old.by}:${old.seq}`);
    this.onStroke(stroke);
  }

  private bucket(sender: string, kind: 'stroke' | 'strokes'): TokenBucket {
    const key = `${kind}:${sender}`;
    const bucket =
      this.buckets.get(key) ?? (kind === 'stroke' ? new TokenBucket(BURST, PER_SECOND) : new TokenBucket(BATCH_BURST, BATCHES_PER_SECOND));
    // Re-inserted: the map's order is the order senders were last heard from.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    const oldest = this.buckets.keys().next().value;
    if (this.buckets.size > SENDERS_TRACKED && oldest !== undefined) this.buckets.delete(oldest);
    return bucket;
  }

  private refuse(message: { type: string; from: string }, why: string): void {
    if (this.port.connection.rejections.count(RejectReason.Unexpected))
      this.port.log.warn(`rejected a ${message.type} from ${message.from}: ${why}`);
  }
}
