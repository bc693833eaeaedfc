import { fileURLToPath } from 'node:url';
import { runExercise, noFaults, type ExerciseOptions, type ExerciseOutcome, type Faults } from '../../src/emulator/index.js';
import { bundleAlgorithmFile, findAlgorithm, importAlgorithm, type BundledAlgorithm } from '../../src/exercises/index.js';
import { InlineRuntime } from '../../src/orchestrator/index.js';
import { amqpUrl } from './broker.js';

export const CONTRACT_DEVICES = fileURLToPath(new URL('../fixtures/contract-devices.js', import.meta.url));

export interface RunSpec {
  transport?: 'memory' | 'amqp';
  mode?: 'sync' | 'async' | 'stepping';
  devices: number;
  seed?: number;
  faults?: Partial<Faults>;
  /** The algorithm's options, as `--option key=value` gives them. */
  options?: Record<string, string>;
  timeoutMs?: number;
  runId?: string;
  commands?: ExerciseOptions['commands'];
  say?: (line: string) => void;
}

/** Runs a registered algorithm (`lecture`, `name`) the way the CLI does, without the CLI. */
export async function runRegistered(lecture: number, name: string, spec: RunSpec): Promise<ExerciseOutcome> {
  return run(findAlgorithm(lecture, name), { kind: 'registry', lecture, name }, spec);
}

let bundle: Promise<BundledAlgorithm> | undefined;

/**
 * Runs one class of tests/fixtures/contract-devices.js, loaded as a user's file would be;
 * `checkAs` judges it with a registered algorithm's checker (memory only).
 */
export async function runFixture(name: string, spec: RunSpec, checkAs?: { lecture: number; name: string }): Promise<ExerciseOutcome> {
  bundle ??= bundleAlgorithmFile(CONTRACT_DEVICES);
  const { module } = await bundle;
  const source = { kind: 'file', module, name, lecture: null, sourceFile: CONTRACT_DEVICES } as const;
  const algorithm = await importAlgorithm(source);
  const check = checkAs ? findAlgorithm(checkAs.lecture, checkAs.name).check : algorithm.check;
  return run({ ...algorithm, ...(check ? { check } : {}) }, source, spec);
}

const files = new Map<string, Promise<BundledAlgorithm>>();

/**
 * Runs class `name` of a user-style file as `--file FILE --lecture L --algorithm NAME` does: a class
 * named after a registered algorithm of lecture L is judged by its checker, with its options.
 */
export async function runFile(file: string, lecture: number, name: string, spec: RunSpec): Promise<ExerciseOutcome> {
  let built = files.get(file);
  if (!built) files.set(file, (built = bundleAlgorithmFile(file)));
  const source = { kind: 'file', module: (await built).module, name, lecture, sourceFile: file } as const;
  return run(await importAlgorithm(source), source, spec);
}

/** Removes the fixture bundles' temporary folders. */
export async function disposeFixtures(): Promise<void> {
  const built = [bundle, ...files.values()];
  bundle = undefined;
  files.clear();
  for (const one of built) if (one) await (await one).dispose();
}

async function run(algorithm: ExerciseOptions['algorithm'], source: ExerciseOptions['source'], spec: RunSpec): Promise<ExerciseOutcome> {
  const transport = spec.transport ?? 'memory';
  const runtime = transport === 'amqp' ? new InlineRuntime() : undefined;
  try {
    return await runExercise({
      algorithm,
      source,
      mode: spec.mode ?? 'sync',
      devices: spec.devices,
      transport,
      seed: spec.seed ?? 1,
      faults: { ...noFaults, ...spec.faults },
      options: spec.options,
      timeoutMs: spec.timeoutMs ?? 30_000,
      amqpUrl: amqpUrl(),
      runtime,
      runId: spec.runId,
      commands: spec.commands,
      say: spec.say,
    });
  } finally {
    await runtime?.close();
  }
}
