import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, abortable, createLogger, deferred, teardown } from '../common/index.js';
import {
  FunctionExecutor,
  InvocationError,
  workerBundle,
  type FunctionRef,
  type FunctionRuntime,
  type Future,
} from '../orchestrator/index.js';
import type { DeviceOptions } from '../exercises/index.js';
import { BrokerConnection, RejectReason, RunKey, sumByReason, sumRecovery } from '../transport/index.js';
import { DeviceOutcome, EMULATOR_SENDER, UpMessage, upSender, wireNames, type AlgorithmSource, type DevicePayload } from './amqp-wire.js';
import { logRejection } from './rejection-log.js';
import type { DeviceHost, DeviceResults } from './device-host.js';
import { Flow } from './modes.js';
import { DeviceFailedError } from './errors.js';
import { QuiescenceWatch } from './quiescence.js';
import type { Delivery, Network } from './network.js';
import type { Stepper } from './stepper.js';

/** The device function, by reference: the orchestrator runs it inline or as a process of its own. */
const DEVICE_FUNCTION: FunctionRef = {
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
/** How long the whole teardown may take. */
const TEARDOWN_MS = 10_000;

const log = createLogger('exercise');

export interface AmqpRunOptions {
  readonly runId: string;
  readonly amqpUrl: string;
  readonly replicated: boolean;
  readonly runtime: FunctionRuntime;
  readonly algorithm: AlgorithmSource;
  readonly devices: number;
  readonly seed: number;
  readonly options: DeviceOptions;
  readonly timeoutMs: number;
  /** Silent rounds (ticks) that make the run quiescent. */
  readonly quietRounds: number;
}

type DeviceState = 'starting' | 'running' | 'waiting' | 'done' | 'crashed';

const isLive = (state: DeviceState): boolean => state !== 'done' && state !== 'crashed';

/**
 * The emulator between devices on RabbitMQ: devices publish to the run's wire exchange; the
 * emulator consumes it and forwards each message to its destination's queue when the mode and the
 * faults say so. A sync round ends when every live device has sent its wait; the emulator then
 * forwards the round's batches and a `go` to each. Async waits are answered as soon as a message
 * arrives for the device, or on the next tick.
 *
 * One run: set up the wire, invoke the devices, wait for every hello, start them, wait until none
 * is live, collect their outcomes; the wire and every invocation are gone when run() returns.
 */
export class AmqpTransport implements DeviceHost {
  private readonly names: ReturnType<typeof wireNames>;
  private readonly states: DeviceState[];
  /** Async: a device has a delivery it has not been woken for. */
  private readonly fresh: boolean[];
  private hellos = 0;
  private started = false;
  private roundEnding = false;
  private gating = false;
  private startedAt = 0;
  private readonly everyoneHello = deferred<undefined>();
  private readonly allFinished = deferred<undefined>();
  /** Aborts with the first failure: a device's, the stepper's, the wire's. */
  private readonly failure = new AbortController();
  private connection: BrokerConnection | undefined;
  private network: Network | undefined;
  private stepper: Stepper | undefined;
  private watch: QuiescenceWatch | undefined;
  /** Async: devices that waited since the last full cycle (quiescence counts such cycles). */
  private readonly waitedSince = new Set<number>();
  /** Set at quiescence: which devices were still waiting. */
  private stopped: boolean[] | undefined;

  /** The run's key: every message on the wire is tagged with it (see RunKey). */
  private readonly key: RunKey;

  constructor(private readonly options: AmqpRunOptions) {
    this.key = RunKey.create(options.runId);
    this.names = wireNames(options.runId);
    this.states = new Array<DeviceState>(options.devices).fill('starting');
    this.fresh = new Array<boolean>(options.devices).fill(false);
  }

  standing(): string {
    const by = new Map<DeviceState, number[]>();
    this.states.forEach((state, device) => by.set(state, [...(by.get(state) ?? []), device]));
    const list = (devices: number[]): string => `${devices.slice(0, 10).join(', ')}${devices.length > 10 ? ', ...' : ''}`;
    const states = [...by].map(([state, devices]) => `${devices.length} ${state} (${list(devices)})`).join(', ');
    return `devices: ${states}; ${this.network?.inFlight.length ?? 0} messages in flight`;
  }

  /** The network hands a delivery over: forward it to the device's queue (a finished device's missing queue drops it). */
  deliver(delivery: Delivery): void {
    this.tell(delivery.dst, { k: 'msg', m: delivery.msg });
    this.fresh[delivery.dst] = true;
    if (this.network?.flow === Flow.Async && !this.roundEnding) this.go(delivery.dst);
  }

  async run(network: Network, stepper: Stepper | undefined, signal: AbortSignal): Promise<DeviceResults> {
    this.network = network;
    this.stepper = stepper;
    this.watch = new QuiescenceWatch(network, this.options.quietRounds);
    const connection = await BrokerConnection.connect({
      url: this.options.amqpUrl,
      name: this.names.emulator,
      auth: { key: this.key, sender: EMULATOR_SENDER },
      replicated: this.options.replicated,
    });
    this.connection = connection;
    // Before anything is created, and outside the teardown: a run that finds its id taken must not
    // remove what belongs to the run that holds it.
    let claimed: boolean;
    try {
      claimed = await connection.claimExclusiveQueue(this.names.lock);
    } catch (error) {
      // A broker too slow to answer the claim: the connection (and the lock, if it came) must go.
      await connection.close();
      throw error;
    }
    if (!claimed) {
      await connection.close();
      throw new UsageError(`run id ${this.options.runId} is in use by a run that is still going; pick another`);
    }
    const executor = new FunctionExecutor({
      runtime: this.options.runtime,
      runId: this.options.runId,
      timeoutMs: this.options.timeoutMs + DEVICE_GRACE_MS,
    });
    let futures: Future[] = [];
    let ticker: NodeJS.Timeout | undefined;
    const stop = AbortSignal.any([signal, connection.signal, this.failure.signal]);
    try {
      await this.openWire(connection);
      futures = this.invokeDevices(executor);
      await abortable(this.everyoneHello.promise, stop);
      log.debug(`run ${this.options.runId}: all ${this.options.devices} devices said hello; starting them`);
      this.startDevices();
      ticker = setInterval(() => {
        this.tick();
      }, TICK_MS);
      this.checkFinished();
      await abortable(this.allFinished.promise, stop);
      const outcomes = (await abortable(Promise.all(futures.map((f) => f.result)), stop)).map((raw) => DeviceOutcome.parse(raw));
      outcomes.sort((a, b) => a.device - b.device);
      return {
        results: outcomes.map((o) => o.result),
        crashed: outcomes.map((o) => o.crashed),
        quiescent: this.stopped !== undefined,
        waiting: outcomes.map((o) => o.quiesced),
        rejectedBy: sumByReason([connection.rejections.byReason, ...outcomes.map((o) => o.rejectedBy)]),
        recovery: sumRecovery([connection.recovered, ...outcomes.map((o) => o.recovery)]),
      };
    } finally {
      clearInterval(ticker);
      await this.teardown(connection, executor, futures);
    }
  }

  private async openWire(connection: BrokerConnection): Promise<void> {
    await connection.declareFanout(this.names.wire);
    await connection.declareNamedExclusiveQueue(this.names.emulator, this.names.wire);
    const where = `run ${this.options.runId}'s wire`;
    await connection.subscribe(this.names.emulator, UpMessage, {
      onMessage: (message, { from }) => {
        const sender = upSender(message);
        if (from === sender) this.onUp(message);
        else
          logRejection(
            log,
            where,
            RejectReason.Impostor,
            `a ${message.k} for ${sender} sent by ${from ?? '?'}`,
            connection.rejections.count(RejectReason.Impostor),
          );
      },
      onRejected: (reason, detail, first) => {
        logRejection(log, where, reason, detail, first);
      },
    });
  }

  /** Every device as a function invocation; the first to fail ends the run (its InvocationError names it). */
  private invokeDevices(executor: FunctionExecutor): Future[] {
    const { amqpUrl, replicated, runId, devices, seed, algorithm, options, timeoutMs } = this.options;
    const payloads: DevicePayload[] = [...Array(devices).keys()].map((index) => ({
      amqpUrl,
      replicated,
      runId,
      index,
      devices,
      seed,
      algorithm,
      options: { ...options },
      secret: this.key.secret,
      timeoutMs: timeoutMs + DEVICE_GRACE_MS,
    }));
    const futures = executor.map(DEVICE_FUNCTION, payloads, (payload) => `device ${payload.index}`);
    // A device's own error reads as on memory ("device 2 failed: ..."); a crash or a timeout of its
    // invocation keeps the invocation's words.
    futures.forEach((future, index) => {
      future.result.catch((error: unknown) => {
        this.failure.abort(
          error instanceof InvocationError && error.thrown !== undefined ? new DeviceFailedError(index, error.thrown) : error,
        );
      });
    });
    return futures;
  }

  private startDevices(): void {
    this.started = true;
    this.startedAt = Date.now();
    for (const device of this.requireNetwork().crashesDue()) this.crash(device);
    this.states.forEach((state, device) => {
      if (state === 'crashed') return;
      this.states[device] = 'running';
      this.tell(device, { k: 'start' });
    });
  }

  private onUp(message: UpMessage): void {
    if ('d' in message && message.d >= this.options.devices) return; // not one of this run's devices
    switch (message.k) {
      case 'hello':
        if (++this.hellos === this.options.devices) this.everyoneHello.resolve(undefined);
        return;
      case 'msg': {
        const { source, destination } = message.m;
        if (source >= this.options.devices || destination >= this.options.devices || this.states[source] === 'crashed') return;
        if (!this.requireNetwork().submit(message.m, JSON.stringify(message.m))) this.crashNow(source);
        return;
      }
      case 'wait':
        this.onWait(message.d);
        return;
      case 'mark':
        if (this.states[message.d] !== 'crashed') this.requireNetwork().mark(message.d, message.t, message.v);
        return;
      case 'done':
        if (this.states[message.d] !== 'crashed') this.states[message.d] = 'done';
        this.checkRound();
        this.checkFinished();
        return;
    }
  }

  private onWait(device: number): void {
    // A stopped device's abandoned loop may still say it waits; it is done.
    if (this.states[device] === 'crashed' || this.states[device] === 'done') return;
    const network = this.requireNetwork();
    if (!network.waited(device)) {
      this.crashNow(device);
      return;
    }
    this.states[device] = 'waiting';
    this.waitedSince.add(device);
    if (network.flow === Flow.Sync) this.checkRound();
    else if (this.fresh[device]) this.go(device);
  }

  /** Sync: the round is over once every live device waits; stepping may hold it at the boundary. */
  private checkRound(): void {
    const network = this.requireNetwork();
    if (!this.started || this.roundEnding || network.flow !== Flow.Sync) return;
    const waiting = this.states.filter((s) => s === 'waiting').length;
    if (waiting === 0 || waiting !== this.live()) return;
    if (this.watch?.observe(true)) {
      this.quiesce();
      return;
    }
    this.roundEnding = true;
    this.guard(async () => {
      while (this.stepper?.active && network.inFlight.length > 0 && network.flow === Flow.Sync) await this.stepper.gate();
      network.endRound();
      for (const device of network.crashesDue()) this.crash(device);
      this.roundEnding = false;
      this.goAll();
      this.checkFinished();
    });
  }

  /** Async time: delayed deliveries, timed crashes, parked waits, and the stepper's gate. */
  private tick(): void {
    const network = this.requireNetwork();
    if (network.flow !== Flow.Async || this.roundEnding) {
      this.checkRound();
      return;
    }
    network.now = Date.now() - this.startedAt;
    network.deliverDue();
    for (const device of network.crashesDue()) this.crash(device);
    // An async round, for quiescence: every live device waited again since the last one. Devices
    // cycle wait -> go -> wait on their own clocks; one that computes (and does not wait) holds it.
    const cycled = this.states.some(isLive) && this.states.every((s, d) => !isLive(s) || this.waitedSince.has(d));
    if (cycled) {
      this.waitedSince.clear();
      if (this.stopped === undefined && this.watch?.observe(true)) {
        this.quiesce();
        return;
      }
    }
    this.goAll();
    this.checkFinished();
    const stepper = this.stepper;
    if (stepper?.active && network.inFlight.length > 0 && !this.gating) {
      this.gating = true;
      this.guard(async () => {
        await stepper.gate();
        this.gating = false;
      });
    }
  }

  private go(device: number): void {
    // A device told to stop at quiescence is not woken again: it is returning its result.
    if (this.states[device] !== 'waiting' || this.stopped?.[device] === true) return;
    this.states[device] = 'running';
    this.fresh[device] = false;
    this.tell(device, { k: 'go' });
  }

  private goAll(): void {
    for (let device = 0; device < this.options.devices; device++) this.go(device);
  }

  private crash(device: number): void {
    if (this.states[device] === 'done' || this.states[device] === 'crashed') return;
    this.requireNetwork().crash(device);
    this.states[device] = 'crashed';
    this.tell(device, { k: 'crash' });
  }

  /** A crash in the middle of the device's round: the round may now be complete. */
  private crashNow(device: number): void {
    this.crash(device);
    this.checkRound();
    this.checkFinished();
  }

  private live(): number {
    return this.states.filter(isLive).length;
  }

  /** Nothing can happen any more: every live device returns its result (and then says done). */
  private quiesce(): void {
    if (this.stopped !== undefined) return;
    log.debug(`run ${this.options.runId}: quiescent; stopping the waiting devices`);
    // Async devices may be between a go and their next wait: every live one is stopped.
    this.stopped = this.states.map(isLive);
    this.stopped.forEach((live, device) => {
      if (!live) return;
      this.states[device] = 'running';
      this.tell(device, { k: 'quiesce' });
    });
  }

  private checkFinished(): void {
    if (this.started && this.live() === 0) this.allFinished.resolve(undefined);
  }

  private tell(device: number, message: unknown): void {
    this.connection?.publish('', message, this.names.device(device));
  }

  private guard(work: () => Promise<void>): void {
    work().catch((error: unknown) => this.failure.abort(error));
  }

  private requireNetwork(): Network {
    if (this.network === undefined) throw new Error('the emulator runs no network yet');
    return this.network;
  }

  /** Stops devices still running, removes the wire; every step bounded, so that a silent broker cannot hold the run. */
  private async teardown(connection: BrokerConnection, executor: FunctionExecutor, futures: readonly Future[]): Promise<void> {
    if (futures.some((f) => f.status() === 'running')) {
      for (let device = 0; device < this.options.devices; device++) this.tell(device, { k: 'stop', reason: 'the run failed' });
    }
    await teardown(TEARDOWN_MS, [
      () => executor.cancelAll(),
      () => connection.deleteQueue(this.names.emulator),
      () => connection.deleteExchange(this.names.wire),
      (remainingMs) => connection.close(remainingMs),
    ]);
  }
}
