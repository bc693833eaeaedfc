import type { TraceRecord } from './actions.js';

/** One broken rule: its name and the actions that break it, on one line. */
export interface Violation {
  readonly rule: string;
  readonly message: string;
}

/** An action as a violation names it: `WorkerCancel(client0.0, worker byte 2) by worker2 at {...}`. */
export function describe(record: TraceRecord): string {
  const byte = 'WorkerByte' in record ? `, worker byte ${record.WorkerByte}` : '';
  return `${record.action}(${record.Request}${byte}) by ${record.node} at ${JSON.stringify(record.clock)}`;
}
