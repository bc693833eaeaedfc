import { describe, expect, it } from 'vitest';
import { measureLatency, measureThroughput, queueExists } from '../../bench/floor.js';
import { amqpUrl } from '../support/broker.js';

// The benchmark's floor functions with tiny counts: the harness works and cleans up. Speed is not checked.
describe('bench floor (raw amqplib between two processes)', () => {
  it('measures one-hop latency by ping-pong and deletes its queues', async () => {
    const result = await measureLatency(amqpUrl(), { roundTrips: 20, warmup: 5 });
    expect(result.roundTrips).toBe(20);
    for (const value of [result.oneHopMs, result.rttMeanMs, result.rttMedianMs, result.rttP99Ms]) {
      expect(value).toBeGreaterThan(0);
      expect(Number.isFinite(value)).toBe(true);
    }
    expect(result.oneHopMs).toBeCloseTo(result.rttMeanMs / 2);
    expect(result.queues).toHaveLength(2);
    for (const queue of result.queues) {
      expect(queue).toMatch(/^fnsync\.bench-[0-9a-f]+\./);
      expect(await queueExists(amqpUrl(), queue)).toBe(false);
    }
  });

  it('measures delivery throughput from one process to another and deletes its queue', async () => {
    const result = await measureThroughput(amqpUrl(), { messages: 500 });
    expect(result.messages).toBe(500);
    expect(result.messageBytes).toBeGreaterThan(0);
    expect(result.msgsPerSec).toBeGreaterThan(0);
    expect(result.endToEndMsgsPerSec).toBeGreaterThan(0);
    expect(Number.isFinite(result.msgsPerSec)).toBe(true);
    expect(result.queues).toHaveLength(1);
    for (const queue of result.queues) expect(await queueExists(amqpUrl(), queue)).toBe(false);
  });
});
