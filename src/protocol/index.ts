/** The synchronizer's protocol: message schemas, payloads and run-scoped names shared by master and slave. */
export * from './messages.js';
export * from './names.js';
export * from './payloads.js';
export { slaveValue, grantRng, pickGranted } from './randomness.js';
export { runSession, type Session } from './session.js';
