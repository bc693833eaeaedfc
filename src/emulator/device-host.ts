import type { NetworkSink } from './network.js';
import type { Network } from './network.js';
import type { Stepper } from './stepper.js';

/** What a run's devices returned, by index, and which of them the crash fault stopped. */
export interface DeviceResults {
  readonly results: unknown[];
  readonly crashed: boolean[];
}

/**
 * Where a run's devices live: all in this process (memory) or one function invocation each on
 * RabbitMQ (amqp). The network hands it every delivery (it is the network's sink); run() drives
 * the devices until none is live, under the run's signal.
 */
export interface DeviceHost extends NetworkSink {
  run(network: Network, stepper: Stepper | undefined, signal: AbortSignal): Promise<DeviceResults>;
}
