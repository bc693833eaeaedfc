import { z } from 'zod';

/**
 * Every message on the emulated network: a plain JSON object naming its type, its sender and its
 * receiver. Algorithms extend it with their own fields; the base is loose so that the emulator can
 * route any algorithm's messages without knowing them.
 */
export const BaseMessage = z.looseObject({
  type: z.string().min(1),
  source: z.int().nonnegative(),
  destination: z.int().nonnegative(),
});
export type Message = z.infer<typeof BaseMessage>;

/** The id fields every algorithm's message schema starts from. */
export const messageIds = { source: z.int().nonnegative(), destination: z.int().nonnegative() } as const;
