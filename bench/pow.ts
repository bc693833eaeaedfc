/**
 * `npm run bench:pow`: the proof-of-work workers' inner loop against the machine's native
 * single-core MD5 (`openssl speed`, on messages of the same size), measured in turns in one run,
 * then the service end to end on local workers, 1 to 2^k, and the seed's [1 2 3 4] with 7 zeros on
 * 4 workers. Writes pow.json (see docs/pow.md).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadFnsync, type Fnsync } from './fnsync.js';
import { summarize } from './stats.js';
import type * as Pow from '../src/pow/index.js';

const NONCE = [1, 2, 3, 4];
/** nonce (4 bytes) + a 4-byte secret: the message a 7-zero search on 4 workers hashes most. */
const MESSAGE_BYTES = 8;
/** Long messages: openssl's rate is then the compression function's, 64 bytes a block. */
const BLOCK_BENCH_BYTES = 8192;

interface Args {
  quick: boolean;
  reps: number;
  seconds: number;
  amqpUrl: string;
  outDir: string;
}

function parse(): Args {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      out: { type: 'string' },
      amqp: { type: 'string' },
    },
  });
  const quick = values.quick;
  return {
    quick,
    reps: Number(values.reps ?? (quick ? 1 : 3)),
    seconds: quick ? 1 : 2,
    amqpUrl: values.amqp ?? process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    outDir: values.out ?? (quick ? '.build/bench-results' : 'bench/results'),
  };
}

/**
 * Native MD5 on one core, from `openssl speed md5` on `bytes`-byte messages: hashes per second, or
 * with 8192-byte messages, 64-byte blocks per second (the compression function alone, no per-call cost).
 */
function nativeRate(seconds: number, bytes = MESSAGE_BYTES): number | undefined {
  try {
    const out = execFileSync('openssl', ['speed', '-seconds', String(seconds), '-bytes', String(bytes), 'md5'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const line = out.split('\n').find((l) => /^md5\s/.test(l));
    const kbytes = Number(/([\d.]+)k/.exec(line ?? '')?.[1]);
    return Number.isFinite(kbytes) ? (kbytes * 1000) / Math.min(bytes, 64) : undefined;
  } catch {
    return undefined;
  }
}

/** The worker's loop: hashes per second of SecretSearch over secrets that never qualify. */
function workerRate(pow: typeof Pow, seconds: number): number {
  const { SecretSearch } = pow;
  const search = new SecretSearch({ nonce: Uint8Array.from(NONCE), zeros: 32, workerBits: 2, workerByte: 1 });
  search.run(1 << 20);
  const start = search.hashes;
  const began = performance.now();
  while (performance.now() - began < seconds * 1000) search.run(1 << 16);
  return ((search.hashes - start) / (performance.now() - began)) * 1000;
}

/** What the workers would do with Node's MD5: one createHash per candidate (for comparison only). */
function createHashRate(seconds: number): number {
  const message = Buffer.from([...NONCE, 0, 0, 0, 0]);
  let count = 0;
  const began = performance.now();
  while (performance.now() - began < seconds * 1000) {
    for (let i = 0; i < 4096; i++) {
      message.writeUInt32LE(count++, 4);
      createHash('md5').update(message).digest();
    }
  }
  return (count / (performance.now() - began)) * 1000;
}

interface ServiceRun {
  workers: number;
  zeros: number;
  secret: number[];
  seconds: number;
  hashes: number;
  hashRate: number;
}

/** One request on a fresh service of `workers` local workers: the time to the answer and the hashes it took. */
async function serviceRun(fnsync: Fnsync, amqpUrl: string, workers: number, nonce: number[], zeros: number): Promise<ServiceRun> {
  const { PowService, createRuntime } = fnsync.library;
  const runtime = createRuntime('local');
  try {
    const service = await PowService.start({ amqpUrl, workers, runtime, timeoutMs: 900_000 });
    try {
      const client = await service.connect();
      // Workers are up once the first, trivial request is answered: cold starts stay out of the measure.
      client.mine([0], 1);
      await client.results().next();
      const began = performance.now();
      client.mine(nonce, zeros);
      const next = await client.results().next();
      const value: Pow.MineResult | undefined = next.done === true ? undefined : next.value;
      const seconds = (performance.now() - began) / 1000;
      if (value === undefined || !value.ok) throw new Error(`the request failed: ${value?.ok === false ? value.error : 'no answer'}`);
      if (!fnsync.library.provesWork(nonce, value.secret, zeros)) throw new Error(`a wrong secret: ${value.secret.join(' ')}`);
      return { workers, zeros, secret: value.secret, seconds, hashes: value.hashes, hashRate: value.hashes / seconds };
    } finally {
      await service.close();
    }
  } finally {
    await runtime.close();
  }
}

const mh = (rate: number | undefined): string => (rate === undefined ? 'n/a' : (rate / 1e6).toFixed(2));

async function main(): Promise<void> {
  const args = parse();
  const fnsync = await loadFnsync();
  // The search itself is internal to the package: the built module, as the workers run it.
  const pow = (await import(pathToFileURL(join(fnsync.dist, 'pow/index.js')).href)) as typeof Pow;
  const native: number[] = [];
  const worker: number[] = [];
  const nodeHash: number[] = [];
  const blocks: number[] = [];
  // In turns, so that a busy machine slows both sides alike.
  for (let rep = 0; rep < args.reps; rep++) {
    const floor = nativeRate(args.seconds);
    if (floor !== undefined) native.push(floor);
    worker.push(workerRate(pow, args.seconds));
    nodeHash.push(createHashRate(args.seconds / 2));
    const compression = nativeRate(args.seconds / 2, BLOCK_BENCH_BYTES);
    if (compression !== undefined) blocks.push(compression);
    process.stderr.write(`rep ${rep + 1}: native ${mh(floor)} MH/s, worker ${mh(worker.at(-1))} MH/s\n`);
  }
  const nativeMedian = native.length > 0 ? summarize(native).median : undefined;
  const workerMedian = summarize(worker).median;

  const scalingZeros = args.quick ? 5 : 6;
  const counts = args.quick ? [1, 2, 4] : [1, 2, 4, 8];
  const scaling: ServiceRun[] = [];
  for (const workers of counts) {
    const run = await serviceRun(fnsync, args.amqpUrl, workers, [9, 8, 7, 6], scalingZeros);
    scaling.push(run);
    process.stderr.write(`${workers} workers: ${run.seconds.toFixed(2)} s, ${mh(run.hashRate)} MH/s\n`);
  }
  const seed = args.quick ? undefined : await serviceRun(fnsync, args.amqpUrl, 4, NONCE, 7);
  if (seed) process.stderr.write(`[1 2 3 4] 7 zeros on 4 workers: [${seed.secret.join(' ')}] in ${seed.seconds.toFixed(1)} s\n`);

  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', loadavg: loadavg() },
    messageBytes: MESSAGE_BYTES,
    md5: {
      nativeFloor: nativeMedian,
      worker: workerMedian,
      ratio: nativeMedian === undefined ? undefined : workerMedian / nativeMedian,
      createHashPerCandidate: summarize(nodeHash).median,
      nativeBlocks: blocks.length > 0 ? summarize(blocks).median : undefined,
      samples: { native, worker, createHash: nodeHash, nativeBlocks: blocks },
    },
    scaling: scaling.map((run) => ({ ...run, speedup: run.hashRate / (scaling[0]?.hashRate ?? run.hashRate) })),
    seed: seed ?? null,
  };
  await mkdir(args.outDir, { recursive: true });
  await writeFile(join(args.outDir, 'pow.json'), `${JSON.stringify(results, null, 2)}\n`);
  const lines = [
    `| MD5 on ${MESSAGE_BYTES}-byte messages, one core | MH/s |`,
    '|---|---|',
    `| native floor (openssl speed md5) | ${mh(nativeMedian)} |`,
    `| pow worker loop (specialised MD5) | ${mh(workerMedian)}${results.md5.ratio === undefined ? '' : ` (${results.md5.ratio.toFixed(2)}x the floor)`} |`,
    `| Node createHash per candidate | ${mh(results.md5.createHashPerCandidate)} |`,
    `| native compression alone (openssl, ${BLOCK_BENCH_BYTES}-byte messages / 64) | ${mh(results.md5.nativeBlocks)} |`,
    '',
    `| workers (local) | ${scalingZeros} zeros: s | MH/s | speed-up |`,
    '|---|---|---|---|',
    ...results.scaling.map((r) => `| ${r.workers} | ${r.seconds.toFixed(2)} | ${mh(r.hashRate)} | ${r.speedup.toFixed(2)} |`),
  ];
  if (seed) lines.push('', `[1 2 3 4] with 7 zeros on 4 local workers: secret [${seed.secret.join(' ')}] in ${seed.seconds.toFixed(1)} s`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
