import { z } from 'zod';
import { UsageError } from '../common/index.js';
import { RUN_ID_PATTERN } from '../protocol/index.js';

/**
 * Parses raw commander options with a zod schema, once, at the edge. A bad value becomes a
 * one-line UsageError naming the option as the user typed it (`--slaves`).
 */
export function parseOptions<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue?.path[0];
  const flag = typeof key === 'string' ? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'options';
  throw new UsageError(`${flag}: ${issue?.message ?? 'invalid value'}`);
}

/** `--run-id`: names a run's broker objects `fnsync.<id>.*`. */
export const RunIdOption = z.string().regex(RUN_ID_PATTERN, { error: 'must be 1-40 lowercase letters, digits or -' });

/** A repeatable option's values, in order (commander calls it once per occurrence). */
export function collect(value: string, earlier: readonly string[] = []): string[] {
  return [...earlier, value];
}

/**
 * A strict integer from a command-line string: `1.5`, `abc`, `1e3` and `` are refused rather than
 * rounded or coerced, so that what runs is what the user meant.
 */
export function integerText(value: string): number | string {
  return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

/** A whole number option from min to max, strictly parsed (see integerText). */
export function wholeNumber(min: number, max: number) {
  return boundedInt(`a whole number from ${min} to ${max}`, min, max);
}

/** A whole number in [min, max], given as text or number; any other value is refused as "must be <what>". */
export function boundedInt(what: string, min: number, max: number) {
  const error = `must be ${what}`;
  return z.preprocess(
    (v) => (typeof v === 'string' ? integerText(v) : v),
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );
}
