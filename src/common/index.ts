/** What every folder may use: errors and exit codes, the seeded RNG, the logger, and how to wait. */
export * from './errors.js';
export * from './rng.js';
export * from './logger.js';
export * from './wait.js';
export * from './deferred.js';
export * from './optional-import.js';
export * from './closest.js';
