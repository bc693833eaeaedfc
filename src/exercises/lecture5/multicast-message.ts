import { z } from 'zod';
import { messageIds } from '../message.js';
import { intOption } from '../options.js';

/**
 * What the application multicasts: the seed's "Generated message (origin, seq)", with a seeded
 * random `content` so that a checker can tell a delivered message from a corrupted one.
 */
export const MulticastPayload = z.object({
  origin: z.int().nonnegative(),
  seq: z.int().nonnegative(),
  content: z.int().min(0).max(1000),
});
export type MulticastPayload = z.infer<typeof MulticastPayload>;

/** The message that carries a payload from device to device (every algorithm has it). */
export const multicastFields = { type: z.literal('multicast'), ...messageIds, ...MulticastPayload.shape } as const;

/** A message about a payload that does not carry it (orders, votes, NACKs). */
export const aboutFields = { ...messageIds, origin: z.int().nonnegative(), seq: z.int().nonnegative() } as const;

export const multicastOptions = z.strictObject({
  messages: intOption('how many messages each device multicasts', { min: 1, max: 50, fallback: 3 }),
});
export interface MulticastOptions {
  readonly messages: number;
}

/** `(origin,seq)`: how checkers and results name a message. */
export const keyOf = (message: { readonly origin: number; readonly seq: number }): string => `(${message.origin},${message.seq})`;
