import { deferred, ProtocolError } from '../common/index.js';
import {
  SlaveQueueMessage,
  SlavePayload,
  MASTER_SENDER,
  runSession,
  slaveValue,
  runNames,
  type FunctionContext,
  type SlaveResult,
} from '../protocol/index.js';
import { RejectReason } from '../transport/index.js';
import { SlaveState } from './slave-state.js';

/**
 * A slave function: bind its own queue to the bus, join, then follow the master until `done`; its
 * value goes to the master, which relays it. It consumes its queue for the whole run, so a
 * message that was delivered is never lost (the seed's bug).
 */
export async function slaveHandler(raw: unknown, context: FunctionContext): Promise<SlaveResult> {
  const parsed = SlavePayload.safeParse(raw);
  if (!parsed.success) throw new ProtocolError(`slave: invalid payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const payload = parsed.data;
  if (payload.slave >= payload.slaves) throw new ProtocolError(`slave: id ${payload.slave} is not below ${payload.slaves}`);

  const role = `slave.${payload.slave}`;
  const queue = runNames(payload.runId).slave(payload.slave);
  return runSession({ ...payload, role, queue, signal: context.signal }, async (session) => {
    const { connection, names } = session;
    const done = deferred<SlaveResult>();
    const state = new SlaveState(payload.slave, payload.slaves, slaveValue(payload.seed, payload.slave), {
      toMaster: (message) => {
        connection.sendToQueue(names.master, message);
      },
      reject: (where, detail) => {
        session.rejected(where, RejectReason.Unexpected, detail);
      },
      finish: (list) => {
        done.resolve({ slave: payload.slave, list, stats: session.stats() });
      },
      fail: done.reject,
    });
    await session.consume(session.busQueue, 'its queue', SlaveQueueMessage, (message, { from }) => {
      if (from !== MASTER_SENDER) session.rejected('its queue', RejectReason.Impostor, `a ${message.type} sent by ${from ?? '?'}`);
      else state.onMessage(message);
    });
    state.join();
    return { finished: done.promise };
  });
}
