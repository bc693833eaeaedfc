import { deferred, messageOf, ProtocolError } from '../common/index.js';
import {
  BusMessage,
  MasterPayload,
  MasterQueueMessage,
  grantRng,
  runSession,
  type FunctionContext,
  type MasterResult,
} from '../protocol/index.js';
import { MasterState } from './master-state.js';

/**
 * The master function: the readiness barrier, then one grant per round, then `done`. It
 * returns the grant order and its own measure of protocol time. On failure it broadcasts
 * `abort` so that no slave waits for a timeout.
 */
export async function masterHandler(raw: unknown, context: FunctionContext): Promise<MasterResult> {
  const parsed = MasterPayload.safeParse(raw);
  if (!parsed.success) throw new ProtocolError(`master: invalid payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const payload = parsed.data;
  let machine: MasterState | undefined;

  try {
    return await runSession(
      {
        ...payload,
        role: 'master',
        signal: context.signal,
        onFailure: (session, error) => {
          session.connection.publish(session.names.bus, { type: 'abort', reason: messageOf(error).slice(0, 1000) });
        },
      },
      async (session) => {
        const { connection, names } = session;
        const done = deferred<MasterResult>();
        const state = new MasterState(payload.slaves, payload.leaseMs, grantRng(payload.seed), {
          broadcast: (message) => {
            connection.publish(names.bus, message);
          },
          reject: session.rejected,
          finish: (order, protocolMs) => {
            done.resolve({ order, protocolMs, stats: { ...connection.stats } });
          },
          fail: done.reject,
        });
        machine = state;
        await connection.subscribe(session.busQueue, BusMessage, {
          onMessage: (message) => {
            state.onBus(message);
          },
          onInvalid: (reason) => {
            session.rejected('the bus', reason);
          },
        });
        await connection.subscribe(names.master, MasterQueueMessage, {
          onMessage: (message) => {
            state.onMasterQueue(message);
          },
          onInvalid: (reason) => {
            session.rejected('the master queue', reason);
          },
        });
        return { finished: done.promise };
      },
    );
  } finally {
    machine?.stop();
  }
}
