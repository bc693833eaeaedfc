import { compiledPath } from './compiled-path.js';
import type { FunctionRef } from './function-runtime.js';

/** The synchronizer's two functions, by reference (module path and export), never by import. */
export const MASTER_FUNCTION: FunctionRef = {
  module: compiledPath(new URL(`../master/index${moduleExtension()}`, import.meta.url)),
  export: 'masterHandler',
};

export const SLAVE_FUNCTION: FunctionRef = {
  module: compiledPath(new URL(`../slave/index${moduleExtension()}`, import.meta.url)),
  export: 'slaveHandler',
};

function moduleExtension(): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}
