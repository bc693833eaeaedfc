import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../common/index.js';
import { FunctionExecutor, workerBundle, type FunctionRef, type FunctionRuntime, type Future } from '../orchestrator/index.js';
import { BrokerConnection } from '../transport/index.js';
import { DeviceOutcome, UpMessage, wireNames, type AlgorithmSource, type DevicePayload } from './amqp-wire.js';
import { Flow } from './modes.js';
import type { Delivery, Network, NetworkSink } from './network.js';
import type { Stepper } from './stepper.js';

/** The device function, by reference: the orchestrator runs it inline or as a process of its own. */
export const DEVICE_FUNCTION: FunctionRef = {
  module: fileURLToPath(new URL(`./amqp-device${extname(import.meta.url)}`, import.meta.url)),
  export: 'amqpDeviceHandler',
  bundle: workerBundle('device'),
};

/**
 * Devices get this much longer than the run, so that the run's own timeout (which names the run,
 * not one device) is what the user sees when time runs out.
 */
const DEVICE_GRACE_MS = 5000;

/** Async: how often the emulator advances time, lets parked waits go and checks for crashes. */
const TICK_MS = 5;

const log = createLogger('exercise');

export interface AmqpRunOptions {
  readonly runId: string;
  readonly amqpUrl: string;
  readonly runtime: FunctionRuntime;
  readonly algorithm: AlgorithmSource;
  readonly devices: number;
  readonly seed: number;
  readonly network: Network;
  readonly stepper: Stepper | undefined;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

type DeviceState = 'starting' | 'running' | 'waiting' | 'done' | 'crashed';

/** Forwards deliveries to the devices' queues (through the default exchange, so a finished device's missing queue drops them). */
class QueueSink implements NetworkSink {
  connection: BrokerConnection | undefined;
  onDeliver: (device: number) => void = () => undefined;
  constructor(private readonly queue: (device: number) => string) {}
  deliver(delivery: Delivery): void {
    this.connection?.publish('', { k: 'msg', m: delivery.msg }, this.queue(delivery.dst));
    this.onDeliver(delivery.dst);
  }
}

export function createQueueSink(runId: string): QueueSink {
  return new QueueSink(wireNames(runId).device);
}

/**
 * The emulator between devices on RabbitMQ: devices publish to the run's wire exchange; the
 * emulator consumes it and forwards each message to its destination's queue when the mode and the
 * faults say so. A sync round ends when every live device has sent its wait; the emulator then
 * forwards the round's batches and a `go` to each. Async waits are answered as soon as a message
 * arrives for the device, or on the next tick.
 */
export async function runOnAmqp(options: AmqpRunOptions, sink: QueueSink): Promise<{ results: unknown[]; crashed: boolean[] }> {
  const { network, devices, runId } = options;
  const names = wireNames(runId);
  const connection = await BrokerConnection.connect({ url: options.amqpUrl, name: names.emulator });
  sink.connection = connection;
  const executor = new FunctionExecutor({ runtime: options.runtime, runId, timeoutMs: options.timeoutMs + DEVICE_GRACE_MS });
  const states: DeviceState[] = new Array<DeviceState>(devices).fill('starting');
  const fresh = new Array<boolean>(devices).fill(false);
  let hellos = 0;
  let started = false;
  let roundEnding = false;
  let gating = false;
  let failure: ((error: unknown) => void) | undefined;
  let everyoneHello: () => void = () => undefined;
  let finished: () => void = () => undefined;
  const helloAll = new Promise<void>((resolve) => (everyoneHello = resolve));
  const allFinished = new Promise<void>((resolve) => (finished = resolve));
  const failed = new Promise<never>((_, reject) => (failure = reject));
  failed.catch(() => undefined);
  const startedAt = Date.now();
  let ticker: NodeJS.Timeout | undefined;

  const tell = (device: number, message: unknown): void => connection.publish('', message, names.device(device));
  const go = (device: number): void => {
    if (states[device] !== 'waiting') return;
    states[device] = 'running';
    fresh[device] = false;
    tell(device, { k: 'go' });
  };
  const crash = (device: number): void => {
    if (states[device] === 'done' || states[device] === 'crashed') return;
    network.crash(device);
    states[device] = 'crashed';
    tell(device, { k: 'crash' });
  };
  const live = (): number => states.filter((s) => s !== 'done' && s !== 'crashed').length;
  const checkFinished = (): void => {
    if (started && live() === 0) finished();
  };
  const guard = (work: () => Promise<void>): void => {
    work().catch((error: unknown) => failure?.(error));
  };

  /** Sync: the round is over once every live device waits; stepping may hold it at the boundary. */
  const checkRound = (): void => {
    if (!started || roundEnding || network.flow !== Flow.Sync) return;
    const waiting = states.filter((s) => s === 'waiting').length;
    if (waiting === 0 || waiting !== live()) return;
    roundEnding = true;
    guard(async () => {
      while (options.stepper?.active && network.inFlight.length > 0 && network.flow === Flow.Sync) await options.stepper.gate();
      network.endRound();
      for (const device of network.crashesDue()) crash(device);
      roundEnding = false;
      for (let device = 0; device < devices; device++) go(device);
      checkFinished();
    });
  };

  sink.onDeliver = (device) => {
    fresh[device] = true;
    if (network.flow === Flow.Async && !roundEnding) go(device);
  };

  const onUp = (message: UpMessage): void => {
    if ('d' in message && message.d >= devices) return; // not one of this run's devices
    switch (message.k) {
      case 'hello':
        if (++hellos === devices) everyoneHello();
        return;
      case 'msg': {
        const { source, destination } = message.m;
        if (source >= devices || destination >= devices || states[source] === 'crashed') return;
        network.submit(message.m, JSON.stringify(message.m));
        return;
      }
      case 'wait':
        if (states[message.d] === 'crashed') return;
        network.waited(message.d);
        states[message.d] = 'waiting';
        if (network.flow === Flow.Sync) checkRound();
        else if (fresh[message.d]) go(message.d);
        return;
      case 'done':
        if (states[message.d] !== 'crashed') states[message.d] = 'done';
        checkRound();
        checkFinished();
        return;
    }
  };

  /** Async time: delayed deliveries, timed crashes, parked waits, and the stepper's gate. */
  const tick = (): void => {
    if (network.flow !== Flow.Async || roundEnding) {
      checkRound();
      return;
    }
    network.now = Date.now() - startedAt;
    network.deliverDue();
    for (const device of network.crashesDue()) crash(device);
    for (let device = 0; device < devices; device++) go(device);
    checkFinished();
    if (options.stepper?.active && network.inFlight.length > 0 && !gating) {
      gating = true;
      guard(async () => {
        await options.stepper?.gate();
        gating = false;
      });
    }
  };

  let futures: Future[] = [];
  try {
    await connection.declareFanout(names.wire);
    await connection.declareNamedExclusiveQueue(names.emulator, names.wire);
    await connection.subscribe(names.emulator, UpMessage, {
      onMessage: onUp,
      onInvalid: (reason) => log.warn(`run ${runId}: dropped an invalid message on the wire (${reason})`),
    });
    const payloads: DevicePayload[] = [...Array(devices).keys()].map((index) => ({
      amqpUrl: options.amqpUrl,
      runId,
      index,
      devices,
      seed: options.seed,
      algorithm: options.algorithm,
      timeoutMs: options.timeoutMs + DEVICE_GRACE_MS,
    }));
    futures = executor.map(DEVICE_FUNCTION, payloads, (payload) => `device ${payload.index}`);
    // The first device to fail ends the run (its InvocationError names it); successes wait for the rest.
    const anyFailure = Promise.race(futures.map((future) => future.result.then(() => new Promise<never>(() => undefined))));
    anyFailure.catch(() => undefined);
    const stopped = new Promise<never>((_, reject) => {
      const stop = (): void => reject(options.signal.reason as Error);
      if (options.signal.aborted) stop();
      else options.signal.addEventListener('abort', stop, { once: true });
    });
    stopped.catch(() => undefined);
    const stops = [anyFailure, connection.lost, failed, stopped];

    await Promise.race([helloAll, ...stops]);
    started = true;
    for (const device of network.crashesDue()) crash(device);
    for (let device = 0; device < devices; device++) {
      if (states[device] === 'crashed') continue;
      states[device] = 'running';
      tell(device, { k: 'start' });
    }
    ticker = setInterval(tick, TICK_MS);
    checkFinished();
    await Promise.race([allFinished, ...stops]);
    const outcomes = (await Promise.race([Promise.all(futures.map((f) => f.result)), ...stops])).map((raw) => DeviceOutcome.parse(raw));
    outcomes.sort((a, b) => a.device - b.device);
    return { results: outcomes.map((o) => o.result), crashed: outcomes.map((o) => o.crashed) };
  } finally {
    clearInterval(ticker);
    if (futures.some((f) => f.status() === 'running')) {
      for (let device = 0; device < devices; device++) tell(device, { k: 'stop', reason: 'the run failed' });
    }
    await executor.cancelAll();
    await connection.deleteQueue(names.emulator).catch(() => undefined);
    await connection.deleteExchange(names.wire).catch(() => undefined);
    await connection.close();
  }
}
