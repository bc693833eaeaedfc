import { UsageError } from '../common/index.js';

/**
 * A cluster's name becomes part of every broker name it creates (`fnsync.<cluster>.bus`), and a
 * node's name is shown to people. RabbitMQ takes names of up to 255 bytes and reserves `amq.`; the
 * rule here is narrower on purpose, so that a name means the same in a URL, a shell and a log.
 */
const CLUSTER_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const FUNCTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

function assertClusterName(name: string): void {
  if (!CLUSTER_NAME.test(name))
    throw new UsageError(
      `cluster name '${name.slice(0, 80)}' is not valid: use 1-63 lowercase letters, digits, '-' or '_' (it names broker queues)`,
    );
}

export function assertNodeName(name: string): void {
  if (!NODE_NAME.test(name))
    throw new UsageError(`node name '${name.slice(0, 80)}' is not valid: use 1-64 letters, digits, '.', '-' or '_'`);
}

export function assertFunctionName(name: string): void {
  if (!FUNCTION_NAME.test(name))
    throw new UsageError(`function name '${name.slice(0, 80)}' is not valid: use 1-64 letters, digits, '.', ':', '-' or '_'`);
}

/** A node id: 8 hex digits, unique enough in one cluster and short in logs. */
export const NODE_ID = /^[0-9a-f]{8}$/;

/** Every broker object of one cluster, by name. All start with `fnsync.<cluster>.`. */
export class ClusterNames {
  constructor(readonly cluster: string) {
    assertClusterName(cluster);
  }

  get prefix(): string {
    return `fnsync.${this.cluster}.`;
  }

  /** The fanout exchange every node's queue is bound to: joins, leaves, echoes, lock requests. */
  get bus(): string {
    return `${this.prefix}bus`;
  }

  /** One message ever per cluster lifetime: whoever the broker takes it from creates the lock's token. */
  get genesis(): string {
    return `${this.prefix}genesis`;
  }

  /** Every node consumes it (nobody publishes): the broker's count of its consumers is the cluster's size. */
  get members(): string {
    return `${this.prefix}members`;
  }

  /** A node's own exclusive queue: direct messages and, through the bus, broadcasts. */
  node(id: string): string {
    return `${this.prefix}node.${id}`;
  }

  /** A function's work queue: the nodes that registered it compete for its dispatched calls. */
  work(fn: string): string {
    return `${this.prefix}fn.${fn}`;
  }

  /** The name of a connection: shown in the management UI, checked by the tests' leak checks. */
  connection(nodeName: string): string {
    return `${this.prefix}${nodeName}`;
  }
}
