import type { RecoveryStats } from '../transport/index.js';
import type { NetworkSink } from './network.js';
import type { Network } from './network.js';
import type { Stepper } from './stepper.js';

/** What a run's devices returned, by index, which of them the crash fault stopped, and how the run ended. */
export interface DeviceResults {
  readonly results: unknown[];
  readonly crashed: boolean[];
  /** The run ended at quiescence; `waiting` says which devices were still waiting then. */
  readonly quiescent: boolean;
  readonly waiting: boolean[];
  /** Messages rejected on the way (RabbitMQ: unauthenticated, forged, invalid, impostor), by reason. */
  readonly rejectedBy: Record<string, number>;
  /** RabbitMQ, replicated: reconnects, copies dropped and messages sent again. */
  readonly recovery?: RecoveryStats;
}

/**
 * Where a run's devices live: all in this process (memory) or one function invocation each on
 * RabbitMQ (amqp). The network hands it every delivery (it is the network's sink); run() drives
 * the devices until none is live, under the run's signal.
 */
export interface DeviceHost extends NetworkSink {
  run(network: Network, stepper: Stepper | undefined, signal: AbortSignal): Promise<DeviceResults>;
  /** Where the run stands, for a run that ran out of time: which devices it still waits for. */
  standing?(): string;
}
