import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionRef } from './function-runtime.js';

/**
 * The compiled JavaScript file for a module URL. A child process runs compiled code only; when
 * fnsync itself runs from its TypeScript sources (vitest), `src/x.ts` maps to `dist/x.js`,
 * which `npm test` builds first.
 */
export function compiledPath(moduleUrl: string | URL): string {
  const path = moduleUrl instanceof URL || moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl;
  if (!path.endsWith('.ts')) return path;
  return path.replace(/([\\/])src([\\/])(?!.*[\\/]src[\\/])/, '$1dist$2').replace(/\.ts$/, '.js');
}

/**
 * dist/functions/<name>.worker.cjs: a function's self-contained worker, written with its code
 * cache by scripts/bundle-workers.mjs (the same path whether fnsync runs from src/ or dist/).
 */
export function workerBundle(name: string): string {
  return fileURLToPath(new URL(`../../../dist/functions/${name}.worker.cjs`, import.meta.url));
}

const bundles = new Map<string, boolean>();

/** The function's prebuilt worker bundle, if it has one and it was built; looked up once per path. */
export function builtBundle(fn: FunctionRef): string | undefined {
  if (fn.bundle === undefined) return undefined;
  let exists = bundles.get(fn.bundle);
  if (exists === undefined) bundles.set(fn.bundle, (exists = existsSync(fn.bundle)));
  return exists ? fn.bundle : undefined;
}

/** The loader beside the bundles, which starts one from its V8 code cache (a process or a thread). */
export function bundleLoader(bundle: string): string {
  return join(dirname(bundle), 'worker-loader.cjs');
}
