import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { PEER_SOURCE } from './floor-peer.js';

/**
 * The floor: what raw amqplib does on this broker between two processes, with no fnsync code in
 * the path. Everything the synchronizer does is measured against these two numbers.
 */

export interface LatencyResult {
  roundTrips: number;
  warmup: number;
  /** Mean round trip / 2: the one-hop latency the floor formula uses (a run's hops add up like a mean). */
  oneHopMs: number;
  rttMeanMs: number;
  rttMedianMs: number;
  rttP99Ms: number;
  /** The queues the measurement used; all deleted before it returned. */
  queues: string[];
}

export interface ThroughputResult {
  messages: number;
  messageBytes: number;
  /** Deliveries per second at the consumer, first to last delivery. */
  msgsPerSec: number;
  /** From the producer's first publish to the consumer's last delivery. */
  endToEndMsgsPerSec: number;
  queues: string[];
}

const QUEUE_EXPIRES_MS = 120_000;
const PEER_TIMEOUT_MS = 120_000;

/** A run's queue prefix, `fnsync.bench-<id>`. */
const benchPrefix = (): string => `fnsync.bench-${randomBytes(4).toString('hex')}`;

/** Sequential ping-pong between this process and a child process over two queues. */
export async function measureLatency(url: string, options: { roundTrips: number; warmup: number }): Promise<LatencyResult> {
  const prefix = benchPrefix();
  const ping = `${prefix}.ping`;
  const pong = `${prefix}.pong`;
  return withBroker(url, [ping, pong], async (channel) => {
    const peer = startPeer(url, ['echo', ping, pong]);
    try {
      await peer.ready;
      let answer: (() => void) | undefined;
      await channel.consume(pong, () => answer?.(), { noAck: true });
      const payload = Buffer.from(JSON.stringify({ type: 'grant', slave: 0, round: 0, lease: 5000 }));
      const rtts: number[] = [];
      for (let i = 0; i < options.warmup + options.roundTrips; i++) {
        const answered = new Promise<void>((resolve) => {
          answer = resolve;
        });
        const sentAt = performance.now();
        channel.sendToQueue(ping, payload);
        await Promise.race([answered, peer.failed]);
        if (i >= options.warmup) rtts.push(performance.now() - sentAt);
      }
      const sorted = [...rtts].sort((x, y) => x - y);
      const mean = rtts.reduce((s, x) => s + x, 0) / rtts.length;
      return {
        roundTrips: options.roundTrips,
        warmup: options.warmup,
        oneHopMs: mean / 2,
        rttMeanMs: mean,
        rttMedianMs: quantile(sorted, 0.5),
        rttP99Ms: quantile(sorted, 0.99),
        queues: [ping, pong],
      };
    } finally {
      await peer.stop();
    }
  });
}

/** One producer (this process) to one consumer (a child process), small JSON messages, no acks. */
export async function measureThroughput(url: string, options: { messages: number }): Promise<ThroughputResult> {
  const prefix = benchPrefix();
  const queue = `${prefix}.flow`;
  return withBroker(url, [queue], async (channel) => {
    const peer = startPeer(url, ['consume', queue, String(options.messages)]);
    try {
      await peer.ready;
      const done = peer.next('done');
      // About the size of the synchronizer's value message; encoded up front, so that the producer's
      // JSON work does not count against the broker.
      const bodies = Array.from({ length: 1000 }, (_, i) =>
        Buffer.from(JSON.stringify({ type: 'value', slave: i, round: i, value: 100_000 + i * 7 })),
      );
      let bytes = 0;
      const startedAt = performance.timeOrigin + performance.now();
      for (let i = 0; i < options.messages; i++) {
        const body = bodies[i % bodies.length] ?? Buffer.alloc(0);
        bytes += body.length;
        if (!channel.sendToQueue(queue, body)) await Promise.race([once(channel, 'drain'), peer.failed]);
      }
      const result = await Promise.race([done, peer.failed]);
      const received = numberField(result, 'received');
      const spanMs = numberField(result, 'spanMs');
      const at = numberField(result, 'at');
      return {
        messages: received,
        messageBytes: Math.round(bytes / options.messages),
        msgsPerSec: spanMs > 0 ? ((received - 1) / spanMs) * 1000 : 0,
        endToEndMsgsPerSec: (received / (at - startedAt)) * 1000,
        queues: [queue],
      };
    } finally {
      await peer.stop();
    }
  });
}

/** Whether a queue exists, asked on a throwaway connection (a 404 closes the channel). */
export async function queueExists(url: string, queue: string): Promise<boolean> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await channel.checkQueue(queue);
      return true;
    } catch {
      return false;
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function withBroker<T>(url: string, queues: string[], body: (channel: Channel) => Promise<T>): Promise<T> {
  const connection: ChannelModel = await connect(url, { noDelay: true, clientProperties: { connection_name: 'fnsync.bench.floor' } });
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.assertQueue(queue, { durable: false, arguments: { 'x-expires': QUEUE_EXPIRES_MS } });
    try {
      return await body(channel);
    } finally {
      for (const queue of queues) await channel.deleteQueue(queue).catch(() => undefined);
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
}

interface Peer {
  ready: Promise<unknown>;
  /** Rejects when the peer dies or takes too long; never resolves. */
  failed: Promise<never>;
  next(type: string): Promise<unknown>;
  stop(): Promise<void>;
}

function startPeer(url: string, args: string[]): Peer {
  const amqplibPath = createRequire(import.meta.url).resolve('amqplib');
  const child: ChildProcess = spawn(process.execPath, ['-e', PEER_SOURCE, amqplibPath, url, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'close').then(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    child.once('close', (code, signal) => reject(new Error(`the floor peer exited (${signal ?? `code ${code ?? '?'}`})`)));
    child.once('error', reject);
    timer = setTimeout(() => reject(new Error(`the floor peer did not finish within ${PEER_TIMEOUT_MS} ms`)), PEER_TIMEOUT_MS);
  });
  failed.catch(() => undefined);
  const next = (type: string): Promise<unknown> =>
    new Promise((resolve) => {
      const listen = (message: unknown): void => {
        if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type) {
          child.off('message', listen);
          resolve(message);
        }
      };
      child.on('message', listen);
    });
  const ready = Promise.race([next('ready'), failed]);
  return {
    ready,
    failed,
    next,
    stop: async () => {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.send({ type: 'stop' });
        const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}

function numberField(message: unknown, key: string): number {
  const value = (message as Record<string, unknown> | null)?.[key];
  if (typeof value !== 'number') throw new Error(`the floor peer's report lacks ${key}`);
  return value;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? 0;
}
