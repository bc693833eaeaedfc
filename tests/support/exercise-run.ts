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

/** A file of tests/fixtures/ (a user's file of devices), by name. */
export const fixtureFile = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

const bundles = new Map<string, Promise<BundledAlgorithm>>();

/**
 * Runs one class of a user-style file of devices (tests/fixtures/contract-devices.js unless
 * `file` names another), loaded as a user's file would be. `checkAs` runs it as that registered
 * algorithm (its messages, options and checker), as `--file F --lecture L --algorithm NAME` does
 * for a class of that name; on amqp the class must carry the registered name.
 */
export async function runFixture(
  name: string,
  spec: RunSpec,
  checkAs?: { lecture: number; name: string },
  file = CONTRACT_DEVICES,
): Promise<ExerciseOutcome> {
  let bundle = bundles.get(file);
  if (bundle === undefined) {
    bundle = bundleAlgorithmFile(file);
    bundles.set(file, bundle);
  }
  const { module } = await bundle;
  const source = { kind: 'file', module, name, lecture: checkAs?.lecture ?? null, sourceFile: file } as const;
  const algorithm = await importAlgorithm(source);
  return run(checkAs ? { ...findAlgorithm(checkAs.lecture, checkAs.name), create: algorithm.create } : algorithm, source, spec);
}

/**
 * Runs class `name` of a user-style file as `--file FILE --lecture L --algorithm NAME` does: a class
 * named after a registered algorithm of lecture L is judged by its checker, with its options.
 */
export function runFile(file: string, lecture: number, name: string, spec: RunSpec): Promise<ExerciseOutcome> {
  return runFixture(name, spec, { lecture, name }, file);
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
