import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTrace, readTrace, toShiviz, writeTrace, type Action, type TraceRecord } from '../../src/pow/index.js';
import { NodeClock } from '../../src/pow/vector-clock.js';

const NONCE = [1, 2, 3, 4];
/** The seed's example: worker 3 of 4 finds [194 170 210 13] for [1 2 3 4] with 7 zeros. */
const SECRET = [194, 170, 210, 13];
const request = { Request: 'client0.0', Nonce: NONCE, NumTrailingZeros: 7 };
const job = (byte: number) => ({ ...request, WorkerByte: byte });

/** Nodes that record actions and pass clocks, as the real ones do. */
class Builder {
  readonly records: TraceRecord[] = [];
  private readonly clocks = new Map<string, NodeClock>();

  record(node: string, action: Action): void {
    this.records.push({ ...action, node, clock: this.clock(node).tick() });
  }

  /** `from` sends a message that `to` receives. */
  send(from: string, to: string): void {
    this.clock(to).receive(this.clock(from).now());
  }

  private clock(node: string): NodeClock {
    let clock = this.clocks.get(node);
    if (!clock) this.clocks.set(node, (clock = new NodeClock(node)));
    return clock;
  }
}

interface Breakage {
  skipWorkerCancel?: number;
  cancelBeforeResult?: boolean;
  successBeforeAck?: number;
  completeSecret?: number[];
}

/** The seed's example trace (4 workers, one result), with one thing broken or none. */
function seedTrace(broken: Breakage = {}, t = new Builder()): TraceRecord[] {
  t.record('client0', { action: 'PowlibMiningBegin', ...request });
  t.record('client0', { action: 'PowlibMine', ...request });
  t.send('client0', 'coordinator');
  t.record('coordinator', { action: 'CoordinatorMine', ...request });
  t.record('coordinator', { action: 'CacheMiss', ...request });
  for (let byte = 0; byte < 4; byte++) {
    t.record('coordinator', { action: 'CoordinatorWorkerMine', ...job(byte) });
    t.send('coordinator', `worker${byte}`);
    t.record(`worker${byte}`, { action: 'WorkerMine', ...job(byte) });
  }
  if (broken.cancelBeforeResult) t.record('coordinator', { action: 'CoordinatorWorkerCancel', ...job(0) });
  t.record('worker3', { action: 'WorkerResult', ...job(3), Secret: SECRET });
  t.send('worker3', 'coordinator');
  t.record('coordinator', { action: 'CoordinatorWorkerResult', ...job(3), Secret: SECRET });
  for (let byte = 0; byte < 3; byte++) {
    if (!(broken.cancelBeforeResult && byte === 0)) t.record('coordinator', { action: 'CoordinatorWorkerCancel', ...job(byte) });
    t.send('coordinator', `worker${byte}`);
    if (broken.skipWorkerCancel !== byte) t.record(`worker${byte}`, { action: 'WorkerCancel', ...job(byte) });
    if (broken.successBeforeAck !== byte) t.send(`worker${byte}`, 'coordinator');
  }
  t.record('coordinator', { action: 'CacheAdd', ...request, Secret: SECRET });
  t.record('coordinator', { action: 'CoordinatorSuccess', ...request, Secret: SECRET });
  t.send('coordinator', 'client0');
  t.record('client0', { action: 'PowlibSuccess', ...request, Secret: SECRET });
  t.record('client0', { action: 'PowlibMiningComplete', ...request, Secret: broken.completeSecret ?? SECRET });
  return t.records;
}

/** client1 asks for [1 2 3 4] with 5 zeros and is answered from the cache. */
function cachedRequest(t: Builder): TraceRecord[] {
  const second = { ...request, Request: 'client1.0', NumTrailingZeros: 5 };
  t.record('client1', { action: 'PowlibMiningBegin', ...second });
  t.record('client1', { action: 'PowlibMine', ...second });
  t.send('client1', 'coordinator');
  t.record('coordinator', { action: 'CoordinatorMine', ...second });
  t.record('coordinator', { action: 'CacheHit', ...second, Secret: SECRET });
  t.record('coordinator', { action: 'CoordinatorSuccess', ...second, Secret: SECRET });
  t.send('coordinator', 'client1');
  t.record('client1', { action: 'PowlibSuccess', ...second, Secret: SECRET });
  t.record('client1', { action: 'PowlibMiningComplete', ...second, Secret: SECRET });
  return t.records;
}

const rules = (records: TraceRecord[]): string[] => [...new Set(checkTrace(records).map((v) => v.rule))];

describe('the pow trace checker', () => {
  it('passes the seed’s example trace', () => {
    expect(checkTrace(seedTrace())).toEqual([]);
  });

  it('fails a missing WorkerCancel, naming the rule', () => {
    expect(rules(seedTrace({ skipWorkerCancel: 1 }))).toEqual(['worker-result-or-cancel']);
  });

  it('fails a cancel before any result', () => {
    expect(rules(seedTrace({ cancelBeforeResult: true }))).toContain('cancel-after-result');
  });

  it('fails a CoordinatorSuccess before a worker’s action', () => {
    const violations = checkTrace(seedTrace({ successBeforeAck: 2 }));
    expect(violations.map((v) => v.rule)).toContain('coordinator-success-last');
    const late = violations.filter((v) => v.rule === 'coordinator-success-last').map((v) => v.message);
    expect(late.some((m) => m.includes('WorkerCancel(client0.0, worker byte 2) by worker2'))).toBe(true);
  });

  it('fails a wrong secret', () => {
    expect(rules(seedTrace({ completeSecret: [1, 2, 3, 4] }))).toEqual(['powlib-complete-secret', 'powlib-secret-is-coordinators']);
  });

  it('fails a CoordinatorSuccess that does not answer the first result', () => {
    const records = seedTrace().map((r) => (r.action === 'CoordinatorSuccess' ? { ...r, Secret: [1] } : r));
    expect(rules(records)).toContain('coordinator-success-first-secret');
  });

  it('fails a duplicate action and a missing one', () => {
    const records = seedTrace();
    const begin = records[0] as TraceRecord;
    expect(rules([...records, { ...begin, clock: { client0: 99 } }])).toContain('powlib-begin-once');
    expect(rules(records.filter((r) => r.action !== 'CoordinatorMine'))).toContain('coordinator-mine-once');
  });

  it('knows the cache’s rules', () => {
    // After the first request added its secret, a request for fewer zeros is a hit; without it, it is not.
    const t = new Builder();
    seedTrace({}, t);
    cachedRequest(t);
    expect(checkTrace(t.records)).toEqual([]);
    expect(rules(cachedRequest(new Builder()))).toEqual(['cache-hit']);
    const badAdd = seedTrace().map((r) => (r.action === 'CacheAdd' ? { ...r, Secret: [1] } : r));
    expect(rules(badAdd)).toContain('cache-add');
  });

  it('writes JSON lines it reads back, and a ShiViz log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pow-trace-'));
    const { jsonl, shiviz } = await writeTrace(join(dir, 'trace.jsonl'), seedTrace());
    expect(await readTrace(jsonl)).toEqual(seedTrace());
    const log = await readFile(shiviz, 'utf8');
    expect(log.split('\n')[0]).toBe(String.raw`(?<host>\S*) (?<clock>{.*})\n(?<event>.*)`);
    expect(log).toMatch(
      /\nworker3 \{[^\n]*\}\nWorkerResult Request=client0\.0, Nonce=\[1 2 3 4\], NumTrailingZeros=7, WorkerByte=3, Secret=\[194 170 210 13\]\n/,
    );
    expect(toShiviz([])).toMatch(/\n\n$/);
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '{"action":"Nope"}\n');
    await expect(readTrace(bad)).rejects.toThrow(/bad\.jsonl:1: not a trace action/);
  });
});
