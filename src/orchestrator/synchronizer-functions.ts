import { fileURLToPath } from 'node:url';
import { compiledPath } from './compiled-path.js';
import type { FunctionRef } from './function-runtime.js';

/** The synchronizer's two functions, by reference (module path and export), never by import. */
export const MASTER_FUNCTION: FunctionRef = {
  module: compiledPath(new URL(`../master/index${moduleExtension()}`, import.meta.url)),
  export: 'masterHandler',
  bundle: bundlePath('master'),
};

export const SLAVE_FUNCTION: FunctionRef = {
  module: compiledPath(new URL(`../slave/index${moduleExtension()}`, import.meta.url)),
  export: 'slaveHandler',
  bundle: bundlePath('slave'),
};

/** dist/functions/<name>.worker.mjs, written by scripts/bundle-workers.mjs (the same path from src/ and dist/). */
function bundlePath(name: string): string {
  return fileURLToPath(new URL(`../../dist/functions/${name}.worker.mjs`, import.meta.url));
}

function moduleExtension(): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}
