import type { StepView } from '../emulator/index.js';
import type { BoardMessage, Ending, LiveState, RunMeta } from './board-messages.js';
import type { RunEvent } from './run-model.js';

/** Lines of the stepper's talk the page keeps (a new tab gets these). */
const LOG_KEPT = 200;

/**
 * A run as every page sees it: the events so far, the wire now, the stepper's talk. Each change is
 * sent to every subscriber, so two tabs show the same state; a new tab starts from a reset.
 */
export class Board {
  private readonly events: RunEvent[] = [];
  private readonly log: string[] = [];
  private live: LiveState = { flow: 'sync', round: 0, stepping: false, ended: false, inFlight: [], ending: null };
  private readonly subscribers = new Set<(message: BoardMessage) => void>();

  constructor(
    private meta: RunMeta,
    events: readonly RunEvent[] = [],
  ) {
    this.events.push(...events);
  }

  get ended(): boolean {
    return this.live.ended;
  }

  /** Every event so far (for --diagram). */
  get all(): readonly RunEvent[] {
    return this.events;
  }

  subscribe(send: (message: BoardMessage) => void): () => void {
    send({ type: 'reset', meta: this.meta, events: this.events, live: this.live, log: this.log });
    this.subscribers.add(send);
    return () => this.subscribers.delete(send);
  }

  /** What the engine reported at a gate or at its end. */
  apply(view: StepView): void {
    const fresh = view.lines.map((line) => JSON.parse(line) as RunEvent);
    this.events.push(...fresh);
    this.live = { ...this.live, flow: view.flow, round: view.round, stepping: view.stepping, inFlight: view.inFlight };
    this.broadcast({ type: 'update', events: fresh, live: this.live });
  }

  say(line: string): void {
    this.log.push(line);
    if (this.log.length > LOG_KEPT) this.log.splice(0, this.log.length - LOG_KEPT);
    this.broadcast({ type: 'log', line });
  }

  /** The run is over: the page turns read-only and shows how it ended. */
  finish(ending: Ending): void {
    this.meta = { ...this.meta, readOnly: true };
    this.live = { ...this.live, stepping: false, ended: true, inFlight: [], ending };
    // A reset: the page learns that it is read-only now.
    for (const send of this.subscribers) send({ type: 'reset', meta: this.meta, events: this.events, live: this.live, log: this.log });
  }

  private broadcast(message: BoardMessage): void {
    for (const send of this.subscribers) send(message);
  }
}
