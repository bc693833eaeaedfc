import type { Logger } from '../common/index.js';
import type { BrokerConnection, Delivery } from '../transport/index.js';
import type { Membership } from './membership.js';
import type { NodeMessage } from './messages.js';
import type { ClusterNames } from './names.js';

/** What a service of a node (functions, lock, failure detector) may use of it. */
export interface NodePort {
  readonly id: string;
  readonly names: ClusterNames;
  readonly connection: BrokerConnection;
  readonly members: Membership;
  readonly log: Logger;
  /** Aborts when the node leaves or loses the broker. */
  readonly signal: AbortSignal;
  /** To every node's queue, this one's included. */
  broadcast(message: NodeMessage): void;
  /** To one node's queue; dropped by the broker if that node is gone (failure detection says so). */
  send(to: string, message: NodeMessage): void;
  /** Whether a message's claimed sender is its authenticated one (with a secret); logs an impostor. */
  accepts(message: { readonly type: string; readonly from: string }, delivery: Delivery): boolean;
}
