import { abortable, createLogger, createRng, deadline, deferred, seedFrom, timedOut } from '../common/index.js';
import type { Message } from '../exercises/index.js';
import type { HandlerContext } from '../orchestrator/index.js';
import { BrokerConnection, RejectReason, RunKey } from '../transport/index.js';
import { DevicePayload, DownMessage, EMULATOR_SENDER, wireNames, type DeviceOutcome } from './amqp-wire.js';
import { DeviceCrashed, Quiesced } from './errors.js';
import { InboxMedium } from './inbox-medium.js';
import { createCopier, type MessageCopier } from './message-copier.js';
import { logRejection } from './rejection-log.js';
import { resolveAlgorithm } from './resolve-algorithm.js';

const log = createLogger('device');

/** A device's medium on RabbitMQ: sends and waits go to the run's wire exchange; its queue feeds the inbox. */
class AmqpMedium extends InboxMedium {
  /** Resolves when the emulator says start. */
  readonly started = deferred<undefined>();
  /** Aborts when the emulator crashes or stops this device. */
  private readonly halt = new AbortController();
  readonly halted = this.halt.signal;

  constructor(
    index: number,
    ids: number[],
    copy: MessageCopier,
    seed: number,
    private readonly connection: BrokerConnection,
    private readonly wire: string,
  ) {
    super(index, ids, createRng(seedFrom(seed, 'device', index)), copy);
  }

  protected transmit(message: Message): void {
    this.connection.publish(this.wire, { k: 'msg', m: message });
  }

  protected requestRound(): void {
    this.connection.publish(this.wire, { k: 'wait', d: this.index });
  }

  protected transmitMark(type: string, data: Record<string, unknown> | null): void {
    this.connection.publish(this.wire, { k: 'mark', d: this.index, t: type, v: data });
  }

  onDown(message: DownMessage): void {
    switch (message.k) {
      case 'msg':
        this.accept(message.m);
        break;
      case 'go':
        this.release();
        break;
      case 'start':
        this.started.resolve(undefined);
        break;
      case 'crash':
        this.crash();
        this.halt.abort(new DeviceCrashed(this.index));
        break;
      case 'quiesce':
        this.halt.abort(new Quiesced(this.index));
        break;
      case 'stop':
        this.halt.abort(new Error(`stopped by the emulator: ${message.reason}`));
        break;
    }
  }
}

/**
 * One device as a function invocation: everything it needs comes in the payload. It owns a
 * connection and an exclusive queue named `fnsync.<runId>.device.<i>`, says hello on the wire,
 * waits for the start, runs the algorithm and returns the device's result. Its lifetime is one
 * signal: the invocation's, its own deadline, its connection, and the emulator's crash or stop.
 */
export async function amqpDeviceHandler(raw: unknown, context: HandlerContext): Promise<DeviceOutcome> {
  const payload = DevicePayload.parse(raw);
  const algorithm = await resolveAlgorithm(payload.algorithm);
  const names = wireNames(payload.runId);
  const ids = [...Array(payload.devices).keys()];
  const sender = `device.${payload.index}`;
  const connection = await BrokerConnection.connect({
    url: payload.amqpUrl,
    name: names.device(payload.index),
    auth: { key: RunKey.fromSecret(payload.runId, payload.secret), sender },
    replicated: payload.replicated,
  });
  const limit = deadline(payload.timeoutMs, () => timedOut(`device ${payload.index}`, payload.timeoutMs));
  try {
    const medium = new AmqpMedium(payload.index, ids, createCopier(algorithm, payload.devices), payload.seed, connection, names.wire);
    const queue = names.device(payload.index);
    await connection.declareNamedExclusiveQueue(queue);
    const where = `${sender} of run ${payload.runId}`;
    await connection.subscribe(queue, DownMessage, {
      onMessage: (message, { from }) => {
        if (from === EMULATOR_SENDER) medium.onDown(message);
        else
          logRejection(
            log,
            where,
            RejectReason.Impostor,
            `a ${message.k} sent by ${from ?? '?'}`,
            connection.rejections.count(RejectReason.Impostor),
          );
      },
      onRejected: (reason, detail, first) => {
        logRejection(log, where, reason, detail, first);
      },
    });
    connection.publish(names.wire, { k: 'hello', d: payload.index });
    const stop = AbortSignal.any([context.signal, connection.signal, limit.signal, medium.halted]);
    let crashed = false;
    let quiesced = false;
    let device;
    try {
      await abortable(medium.started.promise, stop);
      device = algorithm.create(payload.index, payload.devices, medium, algorithm.options.parse(payload.options));
      await abortable(device.run(), stop);
    } catch (error) {
      if (error instanceof DeviceCrashed) crashed = true;
      else if (error instanceof Quiesced) quiesced = true;
      else throw error;
    }
    connection.publish(names.wire, { k: 'done', d: payload.index });
    await connection.flush();
    const rejectedBy = { ...connection.rejections.byReason };
    return {
      device: payload.index,
      result: device?.result() ?? null,
      crashed,
      quiesced,
      waits: medium.waits,
      rejectedBy,
      recovery: connection.recovered,
    };
  } finally {
    limit.clear();
    await connection.close();
  }
}
