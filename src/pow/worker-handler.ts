import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { InfrastructureError, ProtocolError, deferred } from '../common/index.js';
import type { HandlerContext } from '../orchestrator/index.js';
import { WorkerPayload } from './address.js';
import { WorkerMessage, type CoordinatorMessage } from './messages.js';
import { NodeName } from './names.js';
import { runNode, type NodeLink } from './node-session.js';
import { SecretSearch } from './secret-search.js';

/** Candidates hashed before the worker looks at its messages again: a few milliseconds, so a cancel is seen at once. */
const SLICE = 1 << 15;

export interface WorkerSummary {
  worker: number;
  hashes: number;
  events: number;
}

interface Job {
  readonly request: string;
  readonly nonce: number[];
  readonly zeros: number;
  readonly search: SecretSearch;
}

/**
 * A worker function: mines every job the coordinator gives it (several at once, in turns of one
 * slice each), reports the first secret of each, and stops a job on cancel with an acknowledgement.
 * It runs until the coordinator says stop.
 */
export async function powWorkerHandler(raw: unknown, context: HandlerContext): Promise<WorkerSummary> {
  const parsed = WorkerPayload.safeParse(raw);
  if (!parsed.success) throw new ProtocolError(`pow worker: invalid payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const payload = parsed.data;
  const { worker } = payload;
  const node = NodeName.worker(worker);
  return runNode(payload, node, { timeoutMs: payload.timeoutMs, signal: context.signal }, async (link) => {
    const done = deferred<WorkerSummary>();
    const miner = new Miner(link, worker, payload.crashOnMine === true, done.reject);
    await link.connection.subscribe(link.names.worker(worker), WorkerMessage, {
      onMessage: (message, { from }) => {
        if (from !== NodeName.coordinator)
          link.log.warn(`ignored a ${message.type} from ${from ?? '?'}: only the coordinator gives orders`);
        else if (message.type === 'stop') {
          miner.stop();
          done.resolve({ worker, hashes: miner.hashes, events: link.tracer.events() });
        } else miner.onOrder(message);
      },
    });
    link.connection.sendToQueue(link.names.coordinator, { type: 'join', worker } satisfies CoordinatorMessage);
    return { finished: done.promise };
  });
}

/** The worker's jobs and the loop that mines them. */
class Miner {
  hashes = 0;
  private readonly jobs = new Map<string, Job>();
  /** Jobs that ended with a secret: a late cancel for one is acknowledged without a WorkerCancel. */
  private readonly finished = new Set<string>();
  private looping = false;
  private stopped = false;

  constructor(
    private readonly link: NodeLink,
    private readonly worker: number,
    private readonly crashOnMine: boolean,
    private readonly fail: (error: Error) => void,
  ) {}

  onOrder(message: Exclude<WorkerMessage, { type: 'stop' }>): void {
    // A worker that crashed (or stopped) takes no more orders: acknowledging a cancel on its way
    // out would let the coordinator settle the job without recording the loss.
    if (this.stopped) return;
    const { tracer } = this.link;
    tracer.receive(message.clock);
    if (message.type === 'mine') {
      const job = { request: message.request, nonce: message.nonce, zeros: message.zeros };
      tracer.record({ action: 'WorkerMine', Request: job.request, Nonce: job.nonce, NumTrailingZeros: job.zeros, WorkerByte: this.worker });
      if (this.crashOnMine) {
        this.crash();
        return;
      }
      const search = new SecretSearch({
        nonce: Uint8Array.from(job.nonce),
        zeros: job.zeros,
        workerBits: message.workerBits,
        workerByte: this.worker,
      });
      this.jobs.set(job.request, { ...job, search });
      this.loop();
      return;
    }
    const job = this.jobs.get(message.request);
    let hashes = 0;
    if (job) {
      this.jobs.delete(job.request);
      hashes = job.search.hashes;
      tracer.record({
        action: 'WorkerCancel',
        Request: job.request,
        Nonce: job.nonce,
        NumTrailingZeros: job.zeros,
        WorkerByte: this.worker,
      });
    } else if (!this.finished.has(message.request)) {
      this.link.log.warn(`a cancel for ${message.request}, which this worker never mined`);
    }
    this.send({ type: 'ack', worker: this.worker, request: message.request, hashes, clock: tracer.stamp() });
  }

  stop(): void {
    this.stopped = true;
    this.jobs.clear();
  }

  /** Mines the jobs in turns, one slice each, yielding to the event loop between slices. */
  private loop(): void {
    if (this.looping) return;
    this.looping = true;
    void this.mine()
      .catch(this.fail)
      .finally(() => (this.looping = false));
  }

  private async mine(): Promise<void> {
    while (!this.stopped && this.jobs.size > 0) {
      for (const job of [...this.jobs.values()]) {
        // A cancel may have arrived during the previous job's slice.
        if (!this.jobs.has(job.request)) continue;
        const before = job.search.hashes;
        const secret = job.search.run(SLICE);
        this.hashes += job.search.hashes - before;
        if (secret) this.found(job, [...secret]);
      }
      await yieldToEvents();
    }
  }

  private found(job: Job, secret: number[]): void {
    const { tracer } = this.link;
    this.jobs.delete(job.request);
    this.finished.add(job.request);
    tracer.record({
      action: 'WorkerResult',
      Request: job.request,
      Nonce: job.nonce,
      NumTrailingZeros: job.zeros,
      WorkerByte: this.worker,
      Secret: secret,
    });
    this.send({ type: 'result', worker: this.worker, request: job.request, secret, hashes: job.search.hashes, clock: tracer.stamp() });
  }

  private crash(): void {
    this.stopped = true;
    // Its WorkerMine is in the trace before it goes.
    void this.link.connection.flush().finally(() => {
      this.fail(new InfrastructureError(`worker ${this.worker} crashed mid-search (an injected fault)`));
    });
  }

  private send(message: CoordinatorMessage): void {
    this.link.connection.sendToQueue(this.link.names.coordinator, message);
  }
}
