/** `--type`: how devices are scheduled. `stepping` runs sync or async under the user's hand. */
export const Mode = { Sync: 'sync', Async: 'async', Stepping: 'stepping' } as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

/** How rounds work right now; stepping starts in sync and `swap` toggles it. */
export const Flow = { Sync: 'sync', Async: 'async' } as const;
export type Flow = (typeof Flow)[keyof typeof Flow];

export const TransportName = { Memory: 'memory', Amqp: 'amqp' } as const;
export type TransportName = (typeof TransportName)[keyof typeof TransportName];
