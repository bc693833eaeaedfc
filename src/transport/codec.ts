import type { z } from 'zod';

export function encode(message: unknown): Buffer {
  return Buffer.from(JSON.stringify(message));
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** JSON-decodes and validates one message body; never throws. */
export function decode<T>(body: Buffer, schema: z.ZodType<T>): Decoded<T> {
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reason: `${where}${issue?.message ?? 'invalid'}` };
}
