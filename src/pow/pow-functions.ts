import { extname } from 'node:path';
import { compiledPath, workerBundle, type FunctionRef } from '../orchestrator/index.js';

/** The coordinator and worker functions, by reference (module path and export), as every runtime runs them. */
export const COORDINATOR_FUNCTION: FunctionRef = {
  module: compiledPath(new URL(`./coordinator-handler${extname(import.meta.url)}`, import.meta.url)),
  export: 'powCoordinatorHandler',
  bundle: workerBundle('pow-coordinator'),
};

export const WORKER_FUNCTION: FunctionRef = {
  module: compiledPath(new URL(`./worker-handler${extname(import.meta.url)}`, import.meta.url)),
  export: 'powWorkerHandler',
  bundle: workerBundle('pow-worker'),
};
