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

/** Each fixture file bundled once, by path. */
const bundles = new Map<string, Promise<BundledAlgorithm>>();

function bundled(path: string): Promise<BundledAlgorithm> {
  const known = bundles.get(path) ?? bundleAlgorithmFile(path);
  bundles.set(path, known);
  return known;
}

/**
 * Runs one class of tests/fixtures/contract-devices.js, loaded as a user's file would be;
 * `checkAs` judges it with a registered algorithm's checker (memory only).
 */
export async function runFixture(name: string, spec: RunSpec, checkAs?: { lecture: number; name: string }): Promise<ExerciseOutcome> {
  const { module } = await bundled(CONTRACT_DEVICES);
  const source = { kind: 'file', module, name, lecture: null, sourceFile: CONTRACT_DEVICES } as const;
  const algorithm = await importAlgorithm(source);
  const check = checkAs ? findAlgorithm(checkAs.lecture, checkAs.name).check : algorithm.check;
  return run({ ...algorithm, ...(check ? { check } : {}) }, source, spec);
}

/**
 * Runs the export `name` of a user's file (tests/fixtures/...) as `--file path --lecture L
 * --algorithm name` does: named after a registered algorithm of that lecture, it is judged by that
 * algorithm's checker, with its options and message schema; on memory or amqp.
 */
export async function runFile(path: string, name: string, lecture: number, spec: RunSpec): Promise<ExerciseOutcome> {
  const { module } = await bundled(path);
  const source = { kind: 'file', module, name, lecture, sourceFile: path } as const;
  return run(await importAlgorithm(source), source, spec);
}

/** Removes the fixture bundles' temporary folders. */
export async function disposeFixtures(): Promise<void> {
  const built = [...bundles.values()];
  bundles.clear();
  for (const bundle of built) await (await bundle).dispose();
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
