import { z } from 'zod';
import { messageIds } from '../message.js';

const ballot = z.int().positive();
const value = z.int().nonnegative();

/** The seed's PrepareMessage, PromiseMessage, RequestAcceptMessage and AcceptMessage, and a refusal. */
export const PaxosMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('prepare'), ...messageIds, ballot }),
  /** `acceptedBallot` 0: the acceptor has accepted nothing yet. */
  z.object({ type: z.literal('promise'), ...messageIds, ballot, acceptedBallot: z.int().nonnegative(), acceptedValue: value.nullable() }),
  z.object({ type: z.literal('request-accept'), ...messageIds, ballot, value }),
  /** From an acceptor to every learner. */
  z.object({ type: z.literal('accept'), ...messageIds, ballot, value }),
  /** The ballot is refused: the acceptor promised `promised`, so the proposer knows what to beat. */
  z.object({ type: z.literal('nack'), ...messageIds, ballot, promised: z.int().nonnegative() }),
]);
export type PaxosMessage = z.infer<typeof PaxosMessage>;
