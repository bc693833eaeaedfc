export * from './errors.js';
export * from './rng.js';
export * from './logger.js';
export * from './timeout.js';
export * from './deferred.js';
