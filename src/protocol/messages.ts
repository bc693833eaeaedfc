// zod/mini: these schemas load in every function's worker, where zod's full build would be three
// quarters of the bundle (454 of 604 KB) and most of its load time.
import * as z from 'zod/mini';

/** Upper bound on slaves any runtime accepts; ids and rounds are validated against it. */
export const MAX_SLAVES = 1000;

const slaveId = z.int().check(z.minimum(0), z.maximum(MAX_SLAVES - 1));
const round = z.int().check(z.minimum(0), z.maximum(MAX_SLAVES - 1));

/** Values a slave writes: integers in [0, 1000]. */
export const VALUE_MIN = 0;
export const VALUE_MAX = 1000;

/** A slave's queue is bound and it stands as a requester until granted (the seed's ID, sent once). */
const JoinMessage = z.strictObject({ type: z.literal('join'), slave: slaveId });
const StartMessage = z.strictObject({ type: z.literal('start'), slaves: z.int().check(z.minimum(1), z.maximum(MAX_SLAVES)) });
/** Only to the granted slave, on its own queue: the right to write one round. */
const GrantMessage = z.strictObject({ type: z.literal('grant'), slave: slaveId, round });
export const ValueMessage = z.strictObject({
  type: z.literal('value'),
  slave: slaveId,
  round,
  value: z.int().check(z.minimum(VALUE_MIN), z.maximum(VALUE_MAX)),
});
/** The grant order: every slave checks its list against it, so a value written without a grant cannot pass. */
const DoneMessage = z.strictObject({
  type: z.literal('done'),
  rounds: z.int().check(z.minimum(1), z.maximum(MAX_SLAVES)),
  order: z.array(slaveId).check(z.maxLength(MAX_SLAVES)),
});
/** Not in the seed: the master tells everyone the run failed, so that nobody waits for a timeout. */
const AbortMessage = z.strictObject({ type: z.literal('abort'), reason: z.string().check(z.maxLength(1000)) });

/** What arrives on the master's direct queue: joins, and the granted slave's value. */
export const MasterQueueMessage = z.discriminatedUnion('type', [JoinMessage, ValueMessage]);
/** What arrives on every bus queue (the fanout exchange). */
export const BusMessage = z.discriminatedUnion('type', [StartMessage, ValueMessage, DoneMessage, AbortMessage]);
/** What arrives on a slave's own queue: the bus's messages, and its grant. */
export const SlaveQueueMessage = z.discriminatedUnion('type', [StartMessage, GrantMessage, ValueMessage, DoneMessage, AbortMessage]);

export type ValueMessage = z.infer<typeof ValueMessage>;
export type MasterQueueMessage = z.infer<typeof MasterQueueMessage>;
export type BusMessage = z.infer<typeof BusMessage>;
export type GrantMessage = z.infer<typeof GrantMessage>;
export type SlaveQueueMessage = z.infer<typeof SlaveQueueMessage>;

export const ListEntry = z.strictObject({ writer: slaveId, value: z.int().check(z.minimum(VALUE_MIN), z.maximum(VALUE_MAX)) });
export type ListEntry = z.infer<typeof ListEntry>;

/** Who sends everything on the bus and on a slave's queue: the master (a value too: it relays the writer's). */
export const MASTER_SENDER = 'master';

/** Who may send a message to the master's queue: the slave it names. */
export function masterQueueSender(message: MasterQueueMessage): string {
  return `slave.${message.slave}`;
}
