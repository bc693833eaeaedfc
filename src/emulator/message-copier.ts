import type { Algorithm, Message } from '../exercises/index.js';

/** Validates a message a device sends and returns the copy that travels (no shared memory). */
export type MessageCopier = (message: unknown, sender: number) => Message;

/** A device broke the message contract; the run fails with it (exit 3), naming the device and the field. */
class InvalidMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

/** How deep a message may nest before it counts as cyclic or absurd. */
const MAX_DEPTH = 64;

/**
 * Why a value is not plain JSON, naming where (`secrets`, `payload.list.2`), or undefined if it is.
 * Plain JSON is what both transports carry unchanged: null, booleans, finite numbers, strings,
 * arrays, and objects whose prototype is Object's (or null). A Set, a Map, a Date, a class
 * instance with methods, undefined, NaN or a function would survive one transport and not the
 * other, so every transport refuses them at send().
 */
function plainJsonProblem(value: unknown, path = '', depth = 0): string | undefined {
  const at = path === '' ? 'the message' : path;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${at} is ${String(value)} (JSON has no such number)`;
  if (value === undefined) return `${at} is undefined (leave the field out, or use null)`;
  if (typeof value !== 'object') return `${at} is a ${typeof value} (messages carry data only)`;
  if (depth > MAX_DEPTH) return `${at} nests deeper than ${MAX_DEPTH} levels (is it cyclic?)`;
  const join = (key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = plainJsonProblem(value[i], join(i), depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    const hint = value instanceof Set ? '; send an array' : value instanceof Map ? '; send a plain object or an array of pairs' : '';
    return `${at} is a ${name}, not a plain object or array (it would not survive the trip${hint})`;
  }
  for (const [key, field] of Object.entries(value)) {
    const problem = plainJsonProblem(field, join(key), depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Every message is plain JSON first (checked here, so that both transports refuse the same things),
 * then it must pass the algorithm's schema, name its sender as `source` and an existing device as
 * `destination`. A strict algorithm schema copies by parsing (zod builds new objects and arrays);
 * a loose one (users' files) keeps unknown fields by reference, so those are cloned after.
 */
export function createCopier(algorithm: Pick<Algorithm, 'messages' | 'parseCopies'>, devices: number): MessageCopier {
  const schema = algorithm.messages;
  const copies = algorithm.parseCopies;
  return (message, sender) => {
    const problem = plainJsonProblem(message);
    if (problem) throw new InvalidMessageError(`device ${sender} sent a message that is not plain JSON: ${problem}`);
    const parsed = schema.safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw new InvalidMessageError(`device ${sender} sent an invalid message (${where}${issue?.message ?? 'invalid'})`);
    }
    // A strict schema drops fields it does not know; a field the algorithm never reads is a mistake to say.
    const dropped = Object.keys(message as object).find((key) => !(key in parsed.data));
    if (dropped !== undefined)
      throw new InvalidMessageError(`device ${sender} sent a message with a field '${dropped}' that its type does not have`);
    const copy = copies ? parsed.data : structuredClone(parsed.data);
    if (copy.source !== sender)
      throw new InvalidMessageError(`device ${sender} sent a message with source ${copy.source} (source must be the sender's own index)`);
    if (copy.destination >= devices)
      throw new InvalidMessageError(`device ${sender} sent to device ${copy.destination}, but there are only ${devices}`);
    return copy;
  };
}

/** Why a device's result() is not plain JSON (it would print as `{}` and mislead the checker), or undefined. */
export function resultProblem(result: unknown, device: number): string | undefined {
  const problem = plainJsonProblem(result === null ? null : result, 'result()');
  return problem === undefined ? undefined : `device ${device}'s ${problem}`;
}

/** Validates a mark's data the same way; returns a copy. */
export function copyMarkData(data: unknown, device: number, type: unknown): Record<string, unknown> | null {
  if (typeof type !== 'string' || type === '' || type.length > 100)
    throw new InvalidMessageError(`device ${device} marked an event without a type (mark(type, data): type is a short string)`);
  if (data === undefined) return null;
  const problem = plainJsonProblem(data);
  if (problem || typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidMessageError(
      `device ${device} marked '${type}' with data that is not a plain JSON object${problem ? `: ${problem}` : ''}`,
    );
  }
  return structuredClone(data as Record<string, unknown>);
}
