import { randomBytes } from 'node:crypto';

/** Every broker object a proof-of-work service creates is named `fnsync.<runId>.*`, so that it can find and remove its own. */
export interface PowNames {
  readonly prefix: string;
  /** The coordinator's queue: clients' requests, workers' joins, results and acknowledgements. */
  readonly coordinator: string;
  /** Where every node publishes its trace records; the service that started the run reads them. */
  readonly trace: string;
  /** The service's exclusive queue: while it exists, the run id is taken. */
  readonly lock: string;
  /** A worker's queue: mine and cancel orders. */
  worker(index: number): string;
  /** A client's queue: its answers. */
  client(name: string): string;
  /** The `connection_name` of one node's connection. */
  connection(node: string): string;
}

export function powNames(runId: string): PowNames {
  const prefix = `fnsync.${runId}`;
  return {
    prefix,
    coordinator: `${prefix}.pow.coordinator`,
    trace: `${prefix}.pow.trace`,
    lock: `${prefix}.lock`,
    worker: (index) => `${prefix}.pow.worker.${index}`,
    client: (name) => `${prefix}.pow.client.${name}`,
    connection: (node) => `${prefix}.${node}`,
  };
}

/** Run ids are short, URL- and queue-name-safe (the synchronizer's rule). */
export const RUN_ID_PATTERN = /^[a-z0-9-]{1,40}$/;

export function newPowRunId(): string {
  return `pow-${randomBytes(4).toString('hex')}`;
}

/** How nodes call themselves in traces and on the broker. */
export const NodeName = {
  coordinator: 'coordinator',
  service: 'service',
  worker: (index: number) => `worker${index}`,
} as const;
