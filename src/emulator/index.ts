/** The network emulator: modes, faults, stepping, trace and statistics over memory or RabbitMQ. */
export { runExercise, type ExerciseOptions, type ExerciseOutcome, type ExerciseProgress, type ExerciseReport } from './run-exercise.js';
export { Mode, TransportName } from './modes.js';
export { noFaults, type Faults } from './faults.js';
export { lineSource, scriptedSource, type CommandSource } from './command-source.js';
export { meaningOf, terminalSource } from './terminal-source.js';
export { STEPPER_HELP } from './stepper.js';
export { formatStatistics, type Statistics } from './statistics.js';
export { DeviceCrashed } from './errors.js';
export type { AlgorithmSource } from './amqp-wire.js';
export { runExerciseInWorker, type IsolatedOutcome } from './run-in-worker.js';
export type { ExerciseSpec } from './exercise-spec.js';
export type { StepView } from './step-view.js';
