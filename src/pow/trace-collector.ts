import { TimeoutError, abortable, deadline } from '../common/index.js';
import type { BrokerConnection } from '../transport/index.js';
import { TraceRecord } from './actions.js';

/**
 * The service's end of tracing: reads the run's trace queue, where every node publishes its
 * actions, and keeps them in order of arrival (each node's own in its order; vector clocks give
 * the rest).
 */
export class TraceCollector {
  readonly records: TraceRecord[] = [];
  private readonly seen = new Map<string, number>();
  private changed: (() => void) | undefined;

  private constructor() {}

  static async start(connection: BrokerConnection, queue: string): Promise<TraceCollector> {
    const collector = new TraceCollector();
    await connection.subscribe(queue, TraceRecord, {
      onMessage: (record, { from }) => {
        // A node records only its own actions.
        if (from !== record.node) return;
        collector.records.push(record);
        collector.seen.set(record.node, (collector.seen.get(record.node) ?? 0) + 1);
        collector.changed?.();
      },
    });
    return collector;
  }

  /** Waits until each node's actions have all arrived (it said how many it recorded), for at most `ms`. */
  async drain(expected: ReadonlyMap<string, number>, ms: number): Promise<void> {
    const missing = (): string[] =>
      [...expected]
        .filter(([node, count]) => (this.seen.get(node) ?? 0) < count)
        .map(([node, count]) => `${node} ${this.seen.get(node) ?? 0}/${count}`);
    if (missing().length === 0) return;
    const limit = deadline(ms, () => new TimeoutError(`the trace is incomplete after ${ms} ms: ${missing().join(', ')}`));
    try {
      await abortable(
        new Promise<void>((resolve) => {
          this.changed = () => {
            if (missing().length === 0) resolve();
          };
        }),
        limit.signal,
      );
    } finally {
      this.changed = undefined;
      limit.clear();
    }
  }
}
