import { z } from 'zod';
import { UsageError } from '../common/index.js';
import type { Algorithm, OptionsSchema } from './algorithm.js';
import type { DeviceOptions } from './device.js';

/**
 * An algorithm's options (`--option key=value`, repeatable): a zod object whose fields parse the
 * text the user typed, each with a default and a description (`--list` and the docs show them).
 * These helpers build such fields; an algorithm may also write its own.
 */

/** A whole number in [min, max]. */
export function intOption(description: string, { min, max, fallback }: { min: number; max: number; fallback: number }) {
  return z
    .preprocess(
      (v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
      z
        .int({ error: `must be a whole number from ${min} to ${max}` })
        .min(min, { error: `must be a whole number from ${min} to ${max}` })
        .max(max, {
          error: `must be a whole number from ${min} to ${max}`,
        }),
    )
    .default(fallback)
    .describe(`${description} (${min}-${max}, default ${fallback})`);
}

/** One of a few words. */
export function enumOption<const T extends readonly [string, ...string[]]>(description: string, values: T, fallback: T[number]) {
  return z
    .enum(values, { error: `must be one of ${values.join(', ')}` })
    .default(fallback)
    .describe(`${description} (${values.join(', ')}; default ${fallback})`);
}

/** A comma-separated list of device indices, e.g. `1,3` (empty by default). */
export function devicesOption(description: string) {
  return z
    .preprocess(
      (v) =>
        typeof v === 'string' ? (v.trim() === '' ? [] : v.split(',').map((part) => (/^\d+$/.test(part.trim()) ? Number(part) : part))) : v,
      z.array(
        z
          .int({ error: 'must be device indices separated by commas, e.g. 1,3' })
          .nonnegative({ error: 'must be device indices separated by commas, e.g. 1,3' }),
      ),
    )
    .default([])
    .describe(`${description} (device indices, e.g. 1,3; default none)`);
}

/** No options at all. */
export const noOptions: OptionsSchema = z.strictObject({});

/** `key (what it means)` lines for --list and --help. */
export function describeOptions(schema: OptionsSchema): string[] {
  return Object.entries(schema.shape).map(([key, field]) => `${key}: ${field.description ?? ''}`.trimEnd());
}

/**
 * Parses `--option key=value` pairs for an algorithm: unknown keys and bad values are a UsageError
 * naming the option; defaults are filled in; `validateOptions` checks what needs the device count.
 */
export function parseAlgorithmOptions(
  algorithm: Pick<Algorithm, 'name' | 'options' | 'validateOptions'>,
  raw: Readonly<Record<string, unknown>>,
  devices: number,
): DeviceOptions {
  const known = Object.keys(algorithm.options.shape);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      throw new UsageError(
        `--option: ${algorithm.name} has no option '${key}' (${known.length > 0 ? `its options: ${known.join(', ')}` : 'it takes no options'})`,
      );
    }
  }
  const parsed = algorithm.options.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path[0];
    throw new UsageError(
      `--option ${typeof key === 'string' ? key : ''}: ${issue?.message ?? 'invalid value'}`.replace('--option : ', '--option: '),
    );
  }
  const problem = algorithm.validateOptions?.(parsed.data, devices);
  // A problem names its option (`key: ...`), or another flag when the device count is what is wrong (`--devices: ...`).
  if (problem !== undefined) throw new UsageError(problem.startsWith('--') ? problem : `--option ${problem}`);
  return parsed.data;
}
