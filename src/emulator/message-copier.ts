import type { Algorithm, Message } from '../exercises/index.js';

/** Validates a message a device sends and returns the copy that travels (no shared memory). */
export type MessageCopier = (message: unknown, sender: number) => Message;

class InvalidMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

/**
 * A strict algorithm schema copies by parsing (zod builds new objects and arrays), so the hot path
 * pays one parse; a loose schema (users' files) keeps unknown fields by reference, so those are
 * cloned after the parse.
 */
export function createCopier(algorithm: Pick<Algorithm, 'messages' | 'parseCopies'>, devices: number): MessageCopier {
  const schema = algorithm.messages;
  const copies = algorithm.parseCopies;
  return (message, sender) => {
    const parsed = schema.safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw new InvalidMessageError(`device ${sender} sent an invalid message (${where}${issue?.message ?? 'invalid'})`);
    }
    const copy = copies ? parsed.data : structuredClone(parsed.data);
    if (copy.source !== sender) throw new InvalidMessageError(`device ${sender} sent a message with source ${copy.source}`);
    if (copy.destination >= devices)
      throw new InvalidMessageError(`device ${sender} sent to device ${copy.destination}, but there are only ${devices}`);
    return copy;
  };
}
