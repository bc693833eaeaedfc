import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { UsageError, messageOf } from '../common/index.js';
import { z } from 'zod';
import type { Algorithm, Checker, OptionsSchema } from './algorithm.js';
import type { Device, DeviceFactory } from './device.js';
import { BaseMessage } from './message.js';
import { noOptions } from './options.js';
import { hasAlgorithm, findAlgorithm } from './registry.js';

/** This folder's public face, as the running fnsync has it (src under vitest, dist otherwise). */
const EXERCISES_ENTRY = fileURLToPath(new URL(`./index${extname(import.meta.url)}`, import.meta.url));

/**
 * `import { Device } from 'fnsync'` in a user's file must reach the very Device the emulator
 * runs, not a bundled copy, so those imports stay external and point at this fnsync.
 */
const fnsyncImports: Plugin = {
  name: 'fnsync-imports',
  setup(b) {
    b.onResolve({ filter: /^fnsync(\/exercises)?$/ }, () => ({ path: pathToFileURL(EXERCISES_ENTRY).href, external: true }));
  },
};

export interface BundledAlgorithm {
  /** The bundled ES module; a `local` device process imports it as is. */
  readonly module: string;
  /** Removes the bundle's temporary folder. */
  dispose(): Promise<void>;
}

/**
 * Transpiles and bundles a user's .ts or .js file, with what it imports (but fnsync), into one
 * temporary .mjs, which then loads from anywhere.
 */
export async function bundleAlgorithmFile(path: string): Promise<BundledAlgorithm> {
  const source = resolve(path);
  const info = await stat(source).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`--file: cannot read ${path}`);
  const dir = await mkdtemp(join(tmpdir(), 'fnsync-algorithm-'));
  const module = join(dir, 'algorithm.mjs');
  try {
    // Loaded here: importing fnsync (or running any other command) must not pay for esbuild.
    const { build } = await import('esbuild');
    await build({
      entryPoints: [source],
      outfile: module,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      plugins: [fnsyncImports],
      // Errors thrown in the user's devices name lines of the user's file.
      sourcemap: 'inline',
      logLevel: 'silent',
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const first = (error as { errors?: { text?: string; location?: { line?: number } | null }[] }).errors?.[0];
    const where = first?.location?.line !== undefined ? ` (line ${first.location.line})` : '';
    throw new UsageError(`--file: ${path} does not compile${where}: ${first?.text ?? messageOf(error)}`);
  }
  return { module, dispose: () => rm(dir, { recursive: true, force: true }) };
}

function isDeviceClass(value: unknown): value is new (...args: never[]) => unknown {
  if (typeof value !== 'function') return false;
  const prototype = (value as { prototype?: { run?: unknown } }).prototype;
  return typeof prototype?.run === 'function';
}

export interface ImportedFile {
  /** The bundled module to import. */
  readonly module: string;
  /** The export that is the device class. */
  readonly name: string;
  /** A registered algorithm's lecture, whose checker, schema and options then judge the file. */
  readonly lecture: number | null;
  /** The user's own file, for messages and error locations. */
  readonly sourceFile: string;
}

/**
 * The algorithm a bundled module exports under `name`: its class with the registry's schema,
 * options and checker when `lecture` names a registered algorithm of that name (a student's own
 * Gossip is checked like ours), else the base message schema and the module's own `options`,
 * `quietRounds` and `check` exports, if any. Errors thrown by its devices name the line of the user's file.
 */
export async function importAlgorithm(file: ImportedFile): Promise<Algorithm> {
  const { module, name, lecture, sourceFile } = file;
  // Stack traces then point into the user's source (the bundle carries an inline source map).
  process.setSourceMapsEnabled(true);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(module).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`--file: ${sourceFile} failed to load: ${messageOf(error)}${locationIn(error, sourceFile)}`);
  }
  const cls = exports[name];
  if (cls === undefined) {
    const names = Object.keys(exports).filter(isDeviceClassName(exports));
    throw new UsageError(
      `--algorithm: ${sourceFile} does not export '${name}'${names.length > 0 ? ` (device classes there: ${names.join(', ')})` : ''}`,
    );
  }
  if (!isDeviceClass(cls))
    throw new UsageError(
      `--algorithm: '${name}' in ${sourceFile} is not a device class (expected a class extending Device with a run() method)`,
    );
  const create = locatingErrors(cls as unknown as DeviceConstructor, sourceFile);
  const registered = lecture !== null && hasAlgorithm(lecture, name) ? findAlgorithm(lecture, name) : undefined;
  if (registered) return { ...registered, create };
  return {
    lecture,
    name,
    summary: `${name} from ${sourceFile}`,
    minDevices: 1,
    messages: BaseMessage,
    parseCopies: false,
    options: ownOptions(exports.options, sourceFile),
    ...(typeof exports.quietRounds === 'number' && Number.isInteger(exports.quietRounds) && exports.quietRounds > 0
      ? { quietRounds: exports.quietRounds }
      : {}),
    create,
    ...(typeof exports.check === 'function' ? { check: exports.check as Checker } : {}),
  };
}

type DeviceConstructor = new (...args: Parameters<DeviceFactory>) => Device;

/** Devices whose run() failures say where in the user's file they were thrown. */
function locatingErrors(cls: DeviceConstructor, sourceFile: string): DeviceFactory {
  return (index, numberOfDevices, medium, options) => {
    const device = new cls(index, numberOfDevices, medium, options);
    const run = device.run.bind(device);
    device.run = async () => {
      try {
        await run();
      } catch (error) {
        const where = locationIn(error, sourceFile);
        if (where === '' || !(error instanceof Error)) throw error;
        error.message += where;
        throw error;
      }
    };
    return device;
  };
}

/** ` (at my-gossip.ts:12:7)`: the first frame of the error's stack in the user's file, or ''. */
function locationIn(error: unknown, sourceFile: string): string {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const absolute = resolve(sourceFile);
  for (const line of stack.split('\n')) {
    const at = line.indexOf(absolute);
    if (at < 0) continue;
    const position = /^:(\d+):(\d+)/.exec(line.slice(at + absolute.length));
    if (position) return ` (at ${relative(process.cwd(), absolute)}:${position[1]}:${position[2]})`;
  }
  return '';
}

/** A file's own `export const options = { key: intOption(...) }` (or a zod object), else none. */
function ownOptions(exported: unknown, sourceFile: string): OptionsSchema {
  if (exported === undefined) return noOptions;
  if (exported instanceof z.ZodObject) return exported;
  if (typeof exported === 'object' && exported !== null && Object.values(exported).every((field) => field instanceof z.ZodType)) {
    return z.strictObject(exported as Record<string, z.ZodType>);
  }
  throw new UsageError(
    `--file: ${sourceFile} exports 'options' that are not option fields (use intOption, enumOption, devicesOption from 'fnsync')`,
  );
}

function isDeviceClassName(exports: Record<string, unknown>): (key: string) => boolean {
  return (key) => isDeviceClass(exports[key]);
}
