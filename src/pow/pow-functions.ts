import { compiledPath, workerBundle, type FunctionRef } from '../orchestrator/index.js';

/** The coordinator and worker functions, by reference (module path and export), as every runtime runs them. */
export const COORDINATOR_FUNCTION: FunctionRef = {
  module: compiledPath(new URL(`./coordinator-handler${moduleExtension()}`, import.meta.url)),
  export: 'powCoordinatorHandler',
  bundle: workerBundle('pow-coordinator'),
};

export const WORKER_FUNCTION: FunctionRef = {
  module: compiledPath(new URL(`./worker-handler${moduleExtension()}`, import.meta.url)),
  export: 'powWorkerHandler',
  bundle: workerBundle('pow-worker'),
};

function moduleExtension(): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}
