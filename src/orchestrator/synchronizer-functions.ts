import { extname } from 'node:path';
import { compiledPath, workerBundle, type FunctionRef } from './runtimes/index.js';

/** The synchronizer's two functions, by reference (module path and export), never by import. */
export const MASTER_FUNCTION: FunctionRef = {
  module: compiledPath(new URL(`../master/index${extname(import.meta.url)}`, import.meta.url)),
  export: 'masterHandler',
  bundle: workerBundle('master'),
};

export const SLAVE_FUNCTION: FunctionRef = {
  module: compiledPath(new URL(`../slave/index${extname(import.meta.url)}`, import.meta.url)),
  export: 'slaveHandler',
  bundle: workerBundle('slave'),
};
