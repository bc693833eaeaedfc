import type { BrokerConnection } from '../transport/index.js';
import type { Action, TraceRecord } from './actions.js';
import { NodeClock, type VectorClock } from './vector-clock.js';

/**
 * A node's side of tracing (the seed's tracer): every action ticks the node's vector clock and
 * goes, stamped, to the run's trace queue, which the service that started the run reads. The
 * broker is the tracing server: no extra process, and a crashed node's actions are already there.
 */
export class Tracer {
  private readonly clock: NodeClock;

  constructor(
    readonly node: string,
    private readonly connection: BrokerConnection,
    private readonly queue: string,
  ) {
    this.clock = new NodeClock(node);
  }

  record(action: Action): TraceRecord {
    const record = { ...action, node: this.node, clock: this.clock.tick() };
    this.connection.sendToQueue(this.queue, record);
    return record;
  }

  /** The clock a message carries. */
  stamp(): VectorClock {
    return this.clock.now();
  }

  /** Merges a received message's clock, before the actions it causes. */
  receive(clock: VectorClock): void {
    this.clock.receive(clock);
  }

  /** How many actions this node recorded: the service waits for as many in the trace. */
  events(): number {
    return this.clock.events();
  }
}
