import { fileURLToPath } from 'node:url';

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
