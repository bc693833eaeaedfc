import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../common/index.js';

/** An output file (`--trace`, `--diagram`, `--timeline`) must be writable before the run starts, not found missing after it. */
export async function assertWritable(path: string, flag: string): Promise<void> {
  const folder = dirname(resolve(path));
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw new UsageError(`--${flag}: cannot write ${path}: the folder ${folder} does not exist or is not writable`);
  }
}
