import { ProtocolError, deferred } from '../common/index.js';
import type { HandlerContext } from '../orchestrator/index.js';
import { CoordinatorPayload } from './address.js';
import { CoordinatorMessage, type ClientMessage, type WorkerMessage } from './messages.js';
import { NodeName } from './names.js';
import { runNode, type NodeLink } from './node-session.js';
import { SecretCache } from './secret-cache.js';

export interface CoordinatorSummary {
  requests: number;
  cacheHits: number;
  events: number;
}

type Message<T extends CoordinatorMessage['type']> = Extract<CoordinatorMessage, { type: T }>;

/** One request in flight. */
interface Mining {
  readonly request: string;
  readonly client: string;
  readonly nonce: number[];
  readonly zeros: number;
  /** Workers that still owe a result or an acknowledgement. */
  readonly pending: Set<number>;
  /** Workers whose result was recorded (at most once each). */
  readonly reported: Set<number>;
  hashes: number;
  first?: { readonly worker: number; readonly secret: number[] };
}

/**
 * The coordinator function: waits until every worker joined, then serves mining requests from any
 * client, several at once. Each request goes to every worker (or is answered from the cache);
 * the first result wins, the other workers are cancelled, and the answer goes back only once every
 * worker has acknowledged. It runs until the service says stop.
 */
export async function powCoordinatorHandler(raw: unknown, context: HandlerContext): Promise<CoordinatorSummary> {
  const parsed = CoordinatorPayload.safeParse(raw);
  if (!parsed.success) throw new ProtocolError(`pow coordinator: invalid payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const payload = parsed.data;
  return runNode(payload, NodeName.coordinator, { timeoutMs: payload.timeoutMs, signal: context.signal }, async (link) => {
    const done = deferred<CoordinatorSummary>();
    const coordinator = new Coordinator(link, payload.workers, (summary) => {
      done.resolve(summary);
    });
    await link.connection.subscribe(link.names.coordinator, CoordinatorMessage, {
      onMessage: (message, { from }) => {
        if (from !== expectedSender(message)) link.log.warn(`ignored a ${message.type} from ${from ?? '?'}: not its sender`);
        else coordinator.on(message);
      },
    });
    return { finished: done.promise };
  });
}

function expectedSender(message: CoordinatorMessage): string {
  switch (message.type) {
    case 'mine':
      return message.client;
    case 'join':
    case 'result':
    case 'ack':
      return NodeName.worker(message.worker);
    case 'lost':
    case 'stop':
      return NodeName.service;
  }
}

class Coordinator {
  private readonly joined = new Set<number>();
  private readonly lost = new Map<number, string>();
  /** Requests that arrived before every worker joined (the seed's barrier). */
  private readonly waiting: Message<'mine'>[] = [];
  private readonly mining = new Map<string, Mining>();
  private readonly cache: SecretCache;
  private readonly workerBits: number;
  private requests = 0;
  private cacheHits = 0;

  constructor(
    private readonly link: NodeLink,
    private readonly workers: number,
    private readonly finish: (summary: CoordinatorSummary) => void,
  ) {
    this.cache = new SecretCache(link.tracer);
    this.workerBits = Math.log2(workers);
  }

  on(message: CoordinatorMessage): void {
    switch (message.type) {
      case 'join':
        this.joined.add(message.worker);
        if (this.joined.size === this.workers) for (const request of this.waiting.splice(0)) this.start(request);
        return;
      case 'mine':
        this.requests++;
        this.link.tracer.receive(message.clock);
        this.link.tracer.record({
          action: 'CoordinatorMine',
          Request: message.request,
          Nonce: message.nonce,
          NumTrailingZeros: message.zeros,
        });
        if (this.joined.size < this.workers) this.waiting.push(message);
        else this.start(message);
        return;
      case 'result':
        this.onResult(message);
        return;
      case 'ack':
        this.onAck(message);
        return;
      case 'lost':
        this.onLost(message.worker, message.reason);
        return;
      case 'stop':
        this.stop();
        return;
    }
  }

  private start(message: Message<'mine'>): void {
    const { tracer } = this.link;
    const fields = { Request: message.request, Nonce: message.nonce, NumTrailingZeros: message.zeros };
    const cached = this.cache.lookup(message.request, message.nonce, message.zeros);
    if (cached !== undefined) {
      this.cacheHits++;
      tracer.record({ action: 'CoordinatorSuccess', ...fields, Secret: cached });
      this.reply(message.client, {
        type: 'success',
        request: message.request,
        secret: cached,
        hashes: 0,
        cached: true,
        clock: tracer.stamp(),
      });
      return;
    }
    const job: Mining = { ...message, pending: new Set(), reported: new Set(), hashes: 0 };
    this.mining.set(job.request, job);
    for (let worker = 0; worker < this.workers; worker++) {
      tracer.record({ action: 'CoordinatorWorkerMine', ...fields, WorkerByte: worker });
      job.pending.add(worker);
      this.order(worker, {
        type: 'mine',
        request: job.request,
        nonce: job.nonce,
        zeros: job.zeros,
        workerBits: this.workerBits,
        clock: tracer.stamp(),
      });
      const reason = this.lost.get(worker);
      if (reason !== undefined) this.forget(job, worker, reason);
    }
    this.settle(job);
  }

  private onResult(message: Message<'result'>): void {
    const job = this.mining.get(message.request);
    // A late result, for a request already answered: dropped.
    if (job?.reported.has(message.worker) !== false) return;
    const { tracer } = this.link;
    tracer.receive(message.clock);
    job.reported.add(message.worker);
    job.hashes += message.hashes;
    const fields = { Request: job.request, Nonce: job.nonce, NumTrailingZeros: job.zeros };
    tracer.record({ action: 'CoordinatorWorkerResult', ...fields, WorkerByte: message.worker, Secret: message.secret });
    if (job.first !== undefined) {
      // A second secret, raced with our cancel: that worker's acknowledgement is on its way.
      this.settle(job);
      return;
    }
    job.first = { worker: message.worker, secret: message.secret };
    job.pending.delete(message.worker);
    for (const worker of job.pending) {
      tracer.record({ action: 'CoordinatorWorkerCancel', ...fields, WorkerByte: worker });
      this.order(worker, { type: 'cancel', request: job.request, clock: tracer.stamp() });
    }
    this.settle(job);
  }

  private onAck(message: Message<'ack'>): void {
    const job = this.mining.get(message.request);
    if (!job?.pending.has(message.worker)) return;
    this.link.tracer.receive(message.clock);
    job.hashes += message.hashes;
    job.pending.delete(message.worker);
    this.settle(job);
  }

  private onLost(worker: number, reason: string): void {
    this.lost.set(worker, reason);
    for (const job of [...this.mining.values()]) {
      if (!job.pending.has(worker)) continue;
      this.forget(job, worker, reason);
      this.settle(job);
    }
  }

  /** A worker that will never answer this job: recorded, and no longer waited for. */
  private forget(job: Mining, worker: number, reason: string): void {
    job.pending.delete(worker);
    this.link.tracer.record({
      action: 'CoordinatorWorkerLost',
      Request: job.request,
      Nonce: job.nonce,
      NumTrailingZeros: job.zeros,
      WorkerByte: worker,
      Reason: reason,
    });
  }

  /** Answers a job once it has a secret and no worker owes anything; fails it when every worker is lost. */
  private settle(job: Mining): void {
    if (job.pending.size > 0) return;
    const { tracer } = this.link;
    this.mining.delete(job.request);
    if (job.first === undefined) {
      const names = [...this.lost.entries()].map(([worker, reason]) => `worker ${worker} (${reason})`).join(', ');
      this.reply(job.client, { type: 'failure', request: job.request, reason: `every worker was lost: ${names}`, clock: tracer.stamp() });
      return;
    }
    this.cache.add(job.request, job.nonce, job.zeros, job.first.secret);
    tracer.record({
      action: 'CoordinatorSuccess',
      Request: job.request,
      Nonce: job.nonce,
      NumTrailingZeros: job.zeros,
      Secret: job.first.secret,
    });
    this.reply(job.client, {
      type: 'success',
      request: job.request,
      secret: job.first.secret,
      hashes: job.hashes,
      cached: false,
      clock: tracer.stamp(),
    });
  }

  private stop(): void {
    const { tracer } = this.link;
    for (const job of [...this.mining.values(), ...this.waiting]) {
      this.reply(job.client, { type: 'failure', request: job.request, reason: 'the proof-of-work service stopped', clock: tracer.stamp() });
    }
    this.mining.clear();
    for (let worker = 0; worker < this.workers; worker++) this.order(worker, { type: 'stop' });
    this.finish({ requests: this.requests, cacheHits: this.cacheHits, events: tracer.events() });
  }

  private order(worker: number, message: WorkerMessage): void {
    this.link.connection.sendToQueue(this.link.names.worker(worker), message);
  }

  /** Not mandatory: a client that closed has no queue, and that is its business. */
  private reply(client: string, message: ClientMessage): void {
    this.link.connection.publish('', message, this.link.names.client(client));
  }
}
