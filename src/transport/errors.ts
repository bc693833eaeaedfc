/**
 * Transport errors. The transport depends on nothing else of fnsync, so these carry the shared
 * `code` by value ('infrastructure'), which the CLI maps to exit code 3.
 */
export class TransportError extends Error {
  readonly code = 'infrastructure' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Nothing answered at the broker URL, or it refused the credentials. */
export class BrokerUnreachableError extends TransportError {}

/** The connection or a channel closed while a run still needed it. */
export class ConnectionLostError extends TransportError {}

/** The broker nacked a publish, or returned a message nobody could route. */
export class PublishError extends TransportError {}
