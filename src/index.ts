/**
 * fnsync's library surface: the synchronizer's run lifecycle and runtimes, the transport, the
 * protocol, and the shared errors. The CLI is built on exactly this.
 */
export * from './common/index.js';
export * from './transport/index.js';
export * from './protocol/index.js';
export * from './orchestrator/index.js';
export { masterHandler } from './master/index.js';
export { slaveHandler } from './slave/index.js';
export * from './exercises/index.js';
export {
  runExercise,
  Mode,
  TransportName,
  noFaults,
  type ExerciseOptions,
  type ExerciseOutcome,
  type ExerciseReport,
  type Faults,
} from './emulator/index.js';
