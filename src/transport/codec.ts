import { config, safeParse, type core } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini carries no messages of its own: without a locale every issue reads "Invalid input".
config(en());

/** A zod schema, full or mini (the functions' protocol schemas are zod/mini, to load fast). */
export type Schema<T> = core.$ZodType<T>;

export function encode(message: unknown): Buffer {
  return Buffer.from(JSON.stringify(message));
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** JSON-decodes and validates one message body; never throws. */
export function decode<T>(body: Buffer, schema: Schema<T>): Decoded<T> {
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = safeParse(schema, data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reason: `${where}${issue?.message ?? 'invalid'}` };
}
