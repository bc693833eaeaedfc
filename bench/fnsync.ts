import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Emulator from '../src/emulator/index.js';
import type * as Exercises from '../src/exercises/index.js';
import type * as Library from '../src/index.js';

/**
 * fnsync as built by `npm run build`: the bench measures dist/, exactly what the CLI and library
 * users run (with its build steps, e.g. the bundled local workers), typed by the sources.
 */
export interface Fnsync {
  library: typeof Library;
  emulator: typeof Emulator;
  exercises: typeof Exercises;
  dist: string;
}

export async function loadFnsync(): Promise<Fnsync> {
  const dist = join(repoRoot(), 'dist');
  if (!existsSync(join(dist, 'index.js'))) throw new Error(`${dist}/index.js is missing: run \`npm run build\` first (npm run bench does)`);
  const load = async (path: string): Promise<unknown> => import(pathToFileURL(join(dist, path)).href);
  return {
    library: (await load('index.js')) as typeof Library,
    emulator: (await load('emulator/index.js')) as typeof Emulator,
    exercises: (await load('exercises/index.js')) as typeof Exercises,
    dist,
  };
}

/** The nearest directory up from this file with a package.json (from bench/ and .build/bench/bench/ alike). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the repository root (no package.json above)');
    dir = up;
  }
  return dir;
}
