import { InfrastructureError, UsageError, createLogger, handled, messageOf, teardown, withTimeout } from '../common/index.js';
import { FunctionExecutor, type Future, type FunctionRuntime } from '../orchestrator/index.js';
import { BrokerConnection, RunKey } from '../transport/index.js';
import { MAX_WORKERS, type TraceRecord } from './actions.js';
import type { CoordinatorPayload, PowAddress, WorkerPayload } from './address.js';
import type { CoordinatorSummary } from './coordinator-handler.js';
import type { CoordinatorMessage } from './messages.js';
import { NodeName, RUN_ID_PATTERN, newPowRunId, powNames, type PowNames } from './names.js';
import { PowClient, type PowClientOptions } from './pow-client.js';
import { COORDINATOR_FUNCTION, WORKER_FUNCTION } from './pow-functions.js';
import { TraceCollector } from './trace-collector.js';
import type { WorkerSummary } from './worker-handler.js';

export interface PowServiceOptions {
  amqpUrl: string;
  /** A power of two, at most 256: the seed's split by worker byte. */
  workers: number;
  runtime: FunctionRuntime;
  /** The service's whole life: every node gives up after it. */
  timeoutMs: number;
  runId?: string;
  /** A fault for tests: this worker crashes on its first order. */
  crashWorker?: number;
}

export interface PowServiceReport {
  runId: string;
  workers: number;
  requests: number;
  cacheHits: number;
  /** Hashes per worker over the service's life. */
  hashes: number[];
  /** Workers whose invocation failed, with why. */
  lost: { worker: number; reason: string }[];
}

/** How long a queue of the service outlives its last consumer, should the service itself die. */
const QUEUE_EXPIRES_MS = 60_000;
const TEARDOWN_MS = 10_000;
/** How long close() waits for the nodes to stop and the trace to arrive. */
const STOP_MS = 15_000;

const log = createLogger('pow');

/**
 * A proof-of-work service on the broker: the coordinator and 2^k workers as function invocations
 * on a runtime, the run's queues, and the trace they write. Clients connect to its `address`.
 */
export class PowService {
  private readonly lost: { worker: number; reason: string }[] = [];
  private readonly clients: PowClient[] = [];
  private closing = false;

  private constructor(
    readonly address: PowAddress,
    private readonly options: PowServiceOptions,
    private readonly admin: BrokerConnection,
    private readonly names: PowNames,
    private readonly executor: FunctionExecutor,
    private readonly collector: TraceCollector,
    private readonly coordinator: Future,
    private readonly workers: Future[],
  ) {}

  static async start(options: PowServiceOptions): Promise<PowService> {
    assertWorkerCount(options.workers);
    const runId = options.runId ?? newPowRunId();
    if (!RUN_ID_PATTERN.test(runId)) throw new UsageError(`--run-id: '${runId}' is not a run id (a-z, 0-9 and -, at most 40)`);
    const names = powNames(runId);
    const key = RunKey.create(runId);
    const admin = await BrokerConnection.connect({
      url: options.amqpUrl,
      name: names.connection('service'),
      auth: { key, sender: NodeName.service },
    });
    if (!(await admin.claimExclusiveQueue(names.lock))) {
      await admin.close();
      throw new UsageError(`--run-id: ${runId} is in use by a run that is still going`);
    }
    const executor = new FunctionExecutor({ runtime: options.runtime, runId, timeoutMs: options.timeoutMs });
    const queues = [names.coordinator, names.trace, ...Array.from({ length: options.workers }, (_, i) => names.worker(i))];
    try {
      for (const queue of queues) await admin.declareQueue(queue, QUEUE_EXPIRES_MS);
      const collector = await TraceCollector.start(admin, names.trace);
      const amqpUrl = options.runtime.onThisMachine ? admin.resolvedUrl : options.amqpUrl;
      const address: PowAddress = { amqpUrl, runId, secret: key.secret };
      const node = { ...address, workers: options.workers, timeoutMs: options.timeoutMs };
      const coordinator = executor.callAsync(COORDINATOR_FUNCTION, node satisfies CoordinatorPayload, { label: 'coordinator' });
      const workers = Array.from({ length: options.workers }, (_, worker) => {
        const payload: WorkerPayload = { ...node, worker, ...(options.crashWorker === worker ? { crashOnMine: true } : {}) };
        return executor.callAsync(WORKER_FUNCTION, payload, { label: `worker ${worker}` });
      });
      const service = new PowService(address, options, admin, names, executor, collector, coordinator, workers);
      service.watch();
      log.debug(`service ${runId}: a coordinator and ${options.workers} workers on ${options.runtime.name}`);
      return service;
    } catch (error) {
      await teardown(TEARDOWN_MS, [
        () => executor.cancelAll(),
        ...queues.map((queue) => () => admin.deleteQueue(queue)),
        (ms) => admin.close(ms),
      ]);
      throw error;
    }
  }

  /** The trace so far, in order of arrival. */
  get trace(): readonly TraceRecord[] {
    return this.collector.records;
  }

  /** Rejects when the coordinator fails: every open request then has no one to answer it. */
  get failure(): Promise<never> {
    return handled(this.coordinator.result.then(() => Promise.reject(new InfrastructureError('the coordinator stopped'))));
  }

  /** A client of this service, closed with it. */
  async connect(options: PowClientOptions = {}): Promise<PowClient> {
    const client = await PowClient.connect(this.address, options);
    this.clients.push(client);
    return client;
  }

  /**
   * Closes the clients, stops the coordinator (which stops the workers), waits for every node's
   * trace, and removes everything the service created. Throws if the coordinator failed.
   */
  async close(): Promise<PowServiceReport> {
    this.closing = true;
    const { admin, names } = this;
    try {
      for (const client of this.clients) await client.close();
      admin.sendToQueue(names.coordinator, { type: 'stop' } satisfies CoordinatorMessage);
      await admin.flush();
      const coordinator = (await withTimeout(this.coordinator.result, STOP_MS, 'the coordinator stopping')) as CoordinatorSummary;
      const settled = await withTimeout(Promise.allSettled(this.workers.map((w) => w.result)), STOP_MS, 'the workers stopping');
      const summaries = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value as WorkerSummary] : []));
      const expected = new Map<string, number>([[NodeName.coordinator, coordinator.events]]);
      for (const summary of summaries) expected.set(NodeName.worker(summary.worker), summary.events);
      for (const client of this.clients) expected.set(client.name, client.events());
      await this.collector.drain(expected, STOP_MS);
      const hashes = Array.from({ length: this.options.workers }, (_, w) => summaries.find((s) => s.worker === w)?.hashes ?? 0);
      return {
        runId: this.address.runId,
        workers: this.options.workers,
        requests: coordinator.requests,
        cacheHits: coordinator.cacheHits,
        hashes,
        lost: [...this.lost],
      };
    } finally {
      const queues = [names.coordinator, names.trace, ...Array.from({ length: this.options.workers }, (_, i) => names.worker(i))];
      await teardown(TEARDOWN_MS, [
        () => this.executor.cancelAll(),
        ...queues.map((queue) => () => admin.deleteQueue(queue)),
        (ms) => admin.close(ms),
      ]);
    }
  }

  /** A worker whose invocation ends before the service does crashed: the coordinator learns it at once. */
  private watch(): void {
    this.workers.forEach((future, worker) => {
      future.result.then(
        () => undefined,
        (error: unknown) => {
          if (this.closing) return;
          const reason = messageOf(error).slice(0, 500);
          log.warn(`worker ${worker} failed: ${reason}`);
          this.lost.push({ worker, reason });
          this.admin.sendToQueue(this.names.coordinator, { type: 'lost', worker, reason } satisfies CoordinatorMessage);
        },
      );
    });
  }
}

export function assertWorkerCount(workers: number): void {
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS || (workers & (workers - 1)) !== 0) {
    throw new UsageError(`--workers: ${String(workers)} is not a power of two from 1 to ${MAX_WORKERS}`);
  }
}
