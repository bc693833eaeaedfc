import { InfrastructureError } from '../common/index.js';

/** A failure of the broker or of the connection to it (exit 3). */
export class TransportError extends InfrastructureError {}

/** Nothing answered at the broker URL, or it refused the credentials. */
export class BrokerUnreachableError extends TransportError {}

/** The connection or a channel closed while a run still needed it. */
export class ConnectionLostError extends TransportError {}

/** The broker nacked a publish, or returned a message nobody could route. */
export class PublishError extends TransportError {}
