import { createRng, seedFrom, TimeoutError } from '../common/index.js';
import type { Message } from '../exercises/index.js';
import type { HandlerContext } from '../orchestrator/index.js';
import { BrokerConnection } from '../transport/index.js';
import { DevicePayload, DownMessage, wireNames, type DeviceOutcome } from './amqp-wire.js';
import { DeviceCrashed } from './errors.js';
import { InboxMedium } from './inbox-medium.js';
import { createCopier, type MessageCopier } from './message-copier.js';
import { resolveAlgorithm } from './resolve-algorithm.js';

/** A device's medium on RabbitMQ: sends and waits go to the run's wire exchange; its queue feeds the inbox. */
class AmqpMedium extends InboxMedium {
  /** Settles when the emulator says start; rejects on crash or stop. */
  readonly started: Promise<void>;
  /** Rejects when the emulator crashes or stops this device; never resolves. */
  readonly halted: Promise<never>;
  private start: () => void = () => undefined;
  private halt: (error: Error) => void = () => undefined;

  constructor(
    index: number,
    ids: number[],
    copy: MessageCopier,
    seed: number,
    private readonly connection: BrokerConnection,
    private readonly wire: string,
  ) {
    super(index, ids, createRng(seedFrom(seed, 'device', index)), copy);
    this.halted = new Promise<never>((_, reject) => (this.halt = reject));
    this.halted.catch(() => undefined);
    this.started = Promise.race([new Promise<void>((resolve) => (this.start = resolve)), this.halted]);
  }

  protected transmit(message: Message): void {
    this.connection.publish(this.wire, { k: 'msg', m: message });
  }

  protected requestRound(): void {
    this.connection.publish(this.wire, { k: 'wait', d: this.index });
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
        this.start();
        break;
      case 'crash':
        this.crash();
        this.halt(new DeviceCrashed(this.index));
        break;
      case 'stop':
        this.halt(new Error(`stopped by the emulator: ${message.reason}`));
        break;
    }
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    const fail = (): void => reject(new Error('cancelled'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/**
 * One device as a function invocation: everything it needs comes in the payload. It owns a
 * connection and an exclusive queue named `fnsync.<runId>.device.<i>`, says hello on the wire,
 * waits for the start, runs the algorithm and returns the device's result.
 */
export async function amqpDeviceHandler(raw: unknown, context: HandlerContext): Promise<DeviceOutcome> {
  const payload = DevicePayload.parse(raw);
  const algorithm = await resolveAlgorithm(payload.algorithm);
  const names = wireNames(payload.runId);
  const ids = [...Array(payload.devices).keys()];
  const connection = await BrokerConnection.connect({ url: payload.amqpUrl, name: names.device(payload.index) });
  let timer: NodeJS.Timeout | undefined;
  try {
    const medium = new AmqpMedium(payload.index, ids, createCopier(algorithm, payload.devices), payload.seed, connection, names.wire);
    const queue = names.device(payload.index);
    await connection.declareNamedExclusiveQueue(queue);
    await connection.subscribe(queue, DownMessage, { onMessage: (message) => medium.onDown(message) });
    connection.publish(names.wire, { k: 'hello', d: payload.index });
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TimeoutError(`device ${payload.index} did not finish within ${payload.timeoutMs} ms`)),
        payload.timeoutMs,
      );
    });
    const stops = [connection.lost, aborted(context.signal), expired, medium.halted];
    let crashed = false;
    let device;
    try {
      await Promise.race([medium.started, ...stops]);
      device = algorithm.create(payload.index, payload.devices, medium);
      await Promise.race([device.run(), ...stops]);
    } catch (error) {
      if (!(error instanceof DeviceCrashed)) throw error;
      crashed = true;
    }
    connection.publish(names.wire, { k: 'done', d: payload.index });
    await connection.flush();
    return { device: payload.index, result: device?.result() ?? null, crashed, waits: medium.waits };
  } finally {
    clearTimeout(timer);
    await connection.close();
  }
}
