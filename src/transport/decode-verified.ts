import { decode, type Decoded, type Schema } from './codec.js';

/** How many messages' decodings are remembered; past it, the memo starts again. */
const ENTRIES = 1024;

/**
 * Decodings of authenticated messages, by their tag. Where functions share a process (inline),
 * each of N slaves receives the same value and would parse it N times; here it is parsed once. A
 * tag that passed verification names exactly one body (the HMAC covers it), so what that body
 * decodes to under a schema is known. The values are frozen: every receiver gets the same object.
 */
const byTag = new Map<string, Map<Schema<unknown>, Decoded<unknown>>>();

/** decode(), for a body whose `tag` has just been verified. */
export function decodeVerified<T>(tag: string, body: Buffer, schema: Schema<T>): Decoded<T> {
  let decodings = byTag.get(tag);
  const known = decodings?.get(schema) as Decoded<T> | undefined;
  if (known) return known;
  const decoded = decode(body, schema);
  if (decoded.ok) deepFreeze(decoded.value);
  if (!decodings) {
    if (byTag.size >= ENTRIES) byTag.clear();
    decodings = new Map();
    byTag.set(tag, decodings);
  }
  decodings.set(schema, decoded);
  return decoded;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}
