/**
 * The broker transport: connecting, run-scoped topology, publishing with confirms and consuming
 * with validation. It depends on common/ only, so every part (the synchronizer's functions, the
 * orchestrator, the exercise engine) shares it.
 */
export { BrokerConnection, firstNode } from './connection.js';
export type { Delivery, SharedHandlers, Subscription, TransportStats } from './connection.js';
export { RejectReason, sumByReason } from './rejections.js';
export { RunKey } from './run-key.js';
export type { Schema } from './codec.js';
export { RecoveryStats, sumRecovery } from './recovery.js';
export { BrokerUnreachableError, ConnectionLostError, PublishError, TransportError } from './errors.js';
export { DEFAULT_AMQP_URL, assertAmqpUrl, brokerAddress, brokerUrls, redactUrl } from './url.js';
export { ManagementApi } from './management.js';
export { silentNodes } from './silent-nodes.js';
