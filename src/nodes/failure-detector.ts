import type { MessageOf } from './messages.js';
import type { NodePort } from './port.js';
import type { ResourceSampler } from './resources.js';

export interface FailureDetectionOptions {
  /** How often a node sends its echo to all. Default: the seed's 20 s. */
  periodMs?: number;
  /** How long a peer has to answer (any message counts) before it is declared failed. Default: the seed's 10 s. */
  timeoutMs?: number;
}

export const DEFAULT_ECHO_PERIOD_MS = 20_000;
export const DEFAULT_ECHO_TIMEOUT_MS = 10_000;

/**
 * The seed's echo polling: every period a node broadcasts `echo`; every peer answers with
 * `echo-reply` (and its resource sample). A peer from which nothing at all arrived within the
 * timeout after an echo is failed. Any message counts as a sign of life, not only the reply to that
 * echo, so that a reply delayed behind a burst of work on a loaded machine is no false positive.
 */
export class FailureDetector {
  private seq = 0;
  private poller: NodeJS.Timeout | undefined;
  private readonly checks = new Set<NodeJS.Timeout>();
  readonly periodMs: number;
  readonly timeoutMs: number;

  constructor(
    private readonly port: NodePort,
    private readonly sampler: ResourceSampler,
    options: FailureDetectionOptions = {},
  ) {
    this.periodMs = options.periodMs ?? DEFAULT_ECHO_PERIOD_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_ECHO_TIMEOUT_MS;
  }

  start(): void {
    this.poller = setInterval(() => {
      this.poll();
    }, this.periodMs);
  }

  stop(): void {
    clearInterval(this.poller);
    for (const check of this.checks) clearTimeout(check);
    this.checks.clear();
  }

  onEcho(message: MessageOf<'echo'>): void {
    if (message.from === this.port.id) return;
    this.port.send(message.from, { type: 'echo-reply', from: this.port.id, seq: message.seq, resources: this.sampler.sample() });
  }

  private poll(): void {
    const seq = ++this.seq;
    const sentAt = Date.now();
    const expected = this.port.members.peers().map((peer) => peer.id);
    this.port.broadcast({ type: 'echo', from: this.port.id, seq });
    const check = setTimeout(() => {
      this.checks.delete(check);
      for (const id of expected) {
        const peer = this.port.members.get(id);
        if (peer && peer.lastSeenAt < sentAt) this.port.members.fail(id, `no answer to echo ${seq} within ${this.timeoutMs} ms`);
      }
    }, this.timeoutMs);
    this.checks.add(check);
  }
}
