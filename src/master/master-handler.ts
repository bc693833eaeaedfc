import { InfrastructureError, ProtocolError, deferred, messageOf, withTimeout } from '../common/index.js';
import {
  BusMessage,
  MasterPayload,
  MASTER_SENDER,
  MasterQueueMessage,
  masterQueueSender,
  grantRng,
  runSession,
  type FunctionContext,
  type MasterResult,
  type Session,
} from '../protocol/index.js';
import { RejectReason, brokerUrls, silentNodes } from '../transport/index.js';
import { MasterState } from './master-state.js';

/** Before a lease failure blames slaves, the broker gets this long to show it still answers. */
const BROKER_PROBE_MS = 1000;
/** Rejections past this many during a run make a lease failure say the run may be flooded. */
const FLOOD_HINT_FROM = 100;

/**
 * The master function: the readiness barrier, then one grant per round, each to the granted
 * slave's own queue, each value relayed to the bus, then `done` with the grant order. It returns
 * the grant order, when it sent each grant and its own measure of protocol time. On failure it broadcasts `abort` so that no
 * slave waits for a timeout.
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
        const grantedAt: number[] = [];
        const state = new MasterState(payload.slaves, payload.leaseMs, grantRng(payload.seed), {
          broadcast: (message) => {
            connection.publish(names.bus, message);
          },
          grant: (message) => {
            grantedAt.push(performance.timeOrigin + performance.now());
            connection.sendToQueue(names.slave(message.slave), message);
          },
          reject: (where, detail) => {
            session.rejected(where, RejectReason.Unexpected, detail);
          },
          finish: (order, protocolMs) => {
            done.resolve({ order, protocolMs, grantedAt, stats: session.stats() });
          },
          fail: (error) => {
            void judge(session, payload.amqpUrl, error).then(done.reject);
          },
        });
        machine = state;
        // Everything on the bus is the master's own, coming back.
        await session.consume(session.busQueue, 'the bus', BusMessage, (message, { from }) => {
          if (from !== MASTER_SENDER) session.rejected('the bus', RejectReason.Impostor, `a ${message.type} sent by ${from ?? '?'}`);
          else state.onBus(message);
        });
        await session.consume(names.master, 'the master queue', MasterQueueMessage, (message, { from }) => {
          if (from !== masterQueueSender(message)) {
            session.rejected(
              'the master queue',
              RejectReason.Impostor,
              `a ${message.type} for slave ${message.slave} sent by ${from ?? '?'}`,
            );
          } else state.onMasterQueue(message);
        });
        return { finished: done.promise };
      },
    );
  } finally {
    machine?.stop();
  }
}

/**
 * What a lease failure really means. A broker that stopped answering, or a cluster that lost
 * nodes, silences every slave at once: that is its fault, not theirs. And a run flooded with
 * rejected messages says so.
 */
async function judge(session: Session, amqpUrl: string, error: Error): Promise<Error> {
  const nodes = brokerUrls(amqpUrl).length;
  const silent = nodes > 1 ? await silentNodes(amqpUrl, BROKER_PROBE_MS) : [];
  if (silent.length > 0) {
    return new InfrastructureError(
      `the broker lost ${silent.length} of ${nodes} nodes (${silent.join(', ')}), so the protocol stalled: ${error.message}`,
      {
        cause: error,
      },
    );
  }
  try {
    await withTimeout(session.connection.queueExists(session.names.master), BROKER_PROBE_MS, 'a probe of the broker');
  } catch (probe) {
    return new InfrastructureError(`the broker stopped answering (${messageOf(probe)}), so the protocol stalled: ${error.message}`, {
      cause: error,
    });
  }
  const { rejections } = session.connection;
  if (rejections.total < FLOOD_HINT_FROM) return error;
  error.message += `; meanwhile ${rejections.toString()} messages were rejected: the run may be flooded`;
  return error;
}
