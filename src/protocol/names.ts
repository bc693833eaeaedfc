/** Every broker object a run creates is named `fnsync.<runId>.*`, so a run can find and remove its own. */
export interface RunNames {
  readonly prefix: string;
  /** The fanout exchange every slave and the master listen on (the seed's `exchange_domain`). */
  readonly bus: string;
  /** The master's direct queue; slaves publish joins and requests to it. */
  readonly master: string;
  /** A slave's own queue, bound to the bus: the master's grant for it arrives here too. */
  slave(id: number): string;
  /** The orchestrator's exclusive queue: while it exists, the run id is taken. */
  readonly lock: string;
  /** The `connection_name` of one function's connection. */
  connection(role: string): string;
}

export function runNames(runId: string): RunNames {
  const prefix = `fnsync.${runId}`;
  return {
    prefix,
    bus: `${prefix}.bus`,
    master: `${prefix}.master`,
    slave: (id) => `${prefix}.slave.${id}`,
    lock: `${prefix}.lock`,
    connection: (role) => `${prefix}.${role}`,
  };
}

/** Run ids are short, URL- and queue-name-safe. */
export const RUN_ID_PATTERN = /^[a-z0-9-]{1,40}$/;

export function newRunId(): string {
  return Math.random().toString(36).slice(2, 10).padEnd(8, '0');
}
