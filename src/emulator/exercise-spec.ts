import { z } from 'zod';
import { AlgorithmSource } from './amqp-wire.js';
import { Mode, TransportName } from './modes.js';

/**
 * An exercise run as plain data: what the supervising thread sends to the engine's worker thread
 * (functions, runtimes and signals cannot cross a thread; the worker makes its own from this).
 */
export const ExerciseSpec = z.strictObject({
  source: AlgorithmSource,
  mode: z.enum([Mode.Sync, Mode.Async, Mode.Stepping]),
  devices: z.int().min(1),
  transport: z.enum([TransportName.Memory, TransportName.Amqp]),
  seed: z.int().nonnegative(),
  faults: z.strictObject({
    drop: z.number(),
    duplicate: z.number(),
    delay: z.strictObject({ min: z.number(), max: z.number() }).readonly().nullable(),
    partition: z.array(z.array(z.int()).readonly()).readonly().nullable(),
    crashes: z.array(z.strictObject({ device: z.int(), at: z.number(), sends: z.int().nonnegative().optional() }).readonly()).readonly(),
  }),
  options: z.record(z.string(), z.unknown()),
  timeoutMs: z.int().positive(),
  amqpUrl: z.string().optional(),
  /** amqp: survive the loss of a broker node. */
  replicated: z.boolean().optional(),
  /** amqp: where devices run. */
  runtime: z.enum(['inline', 'isolate', 'local']).optional(),
  traceFile: z.string().optional(),
  runId: z.string().optional(),
  /** Stepping commands come from the supervisor (a terminal or a pipe), one request at a time. */
  stepping: z.boolean(),
  /** Send the supervisor a StepView at every gate and at the end (the web stepper, --diagram). */
  views: z.boolean().optional(),
  /** Report progress to the supervisor every 100 ms. */
  progress: z.boolean(),
});
export type ExerciseSpec = z.infer<typeof ExerciseSpec>;

/** Supervisor -> worker. */
export type ToEngine = { type: 'command'; line: string | null } | { type: 'abort'; signal: 'SIGINT' | 'SIGTERM' | 'abort' };

/** An error as it crosses the thread: enough to rebuild its message and exit code. */
export const CrossedError = z.strictObject({ message: z.string(), code: z.string().optional(), exitCode: z.int().optional() });
export type CrossedError = z.infer<typeof CrossedError>;
