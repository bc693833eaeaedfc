import { pathToFileURL } from 'node:url';
import type { FunctionRef, Handler } from './function-runtime.js';

/** Imports a function's module and returns its handler, or throws naming what is missing. */
export async function loadHandler(fn: FunctionRef): Promise<Handler> {
  const url = fn.module.startsWith('file:') ? fn.module : pathToFileURL(fn.module).href;
  const module = (await import(url)) as Record<string, unknown>;
  const handler = module[fn.export];
  if (typeof handler !== 'function') throw new TypeError(`${fn.module} does not export a function '${fn.export}'`);
  return handler as Handler;
}
