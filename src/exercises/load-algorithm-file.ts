import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { UsageError, messageOf } from '../common/index.js';
import type { Algorithm, Checker } from './algorithm.js';
import type { DeviceFactory } from './device.js';
import { BaseMessage } from './message.js';
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

/**
 * The algorithm a bundled module exports under `name`: its class with the registry's schema and
 * checker when `lecture` names a registered algorithm of that name (a student's own Gossip is
 * checked like ours), else the base message schema and the module's own `check` export, if any.
 */
export async function importAlgorithm(module: string, name: string, lecture: number | null, shownPath = module): Promise<Algorithm> {
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(module).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`--file: ${shownPath} failed to load: ${messageOf(error)}`);
  }
  const cls = exports[name];
  if (cls === undefined) {
    const names = Object.keys(exports).filter(isDeviceClassName(exports));
    throw new UsageError(
      `--algorithm: ${shownPath} does not export '${name}'${names.length > 0 ? ` (device classes there: ${names.join(', ')})` : ''}`,
    );
  }
  if (!isDeviceClass(cls))
    throw new UsageError(
      `--algorithm: '${name}' in ${shownPath} is not a device class (expected a class extending Device with a run() method)`,
    );
  const create = ((index, numberOfDevices, medium) =>
    new (cls as unknown as new (...a: unknown[]) => unknown)(index, numberOfDevices, medium)) as DeviceFactory;
  const registered = lecture !== null && hasAlgorithm(lecture, name) ? findAlgorithm(lecture, name) : undefined;
  if (registered) return { ...registered, create };
  const ownCheck = exports.check;
  const check: Checker =
    typeof ownCheck === 'function'
      ? (ownCheck as Checker)
      : () => ({ passed: true, details: `no checker: ${shownPath} exports no check(results, trace)` });
  return {
    lecture,
    name,
    summary: `${name} from ${shownPath}`,
    minDevices: 1,
    messages: BaseMessage,
    parseCopies: false,
    create,
    check,
  };
}

function isDeviceClassName(exports: Record<string, unknown>): (key: string) => boolean {
  return (key) => isDeviceClass(exports[key]);
}
