/**
 * `npm run bench:nodes`: the node layer against the broker's floor, in one run on one broker: a
 * remote call's round trip next to raw amqplib's, dispatch throughput with 1 to 4 serving nodes,
 * and the Mandelbrot demo's speed-up from 1 to 4 node processes. Writes bench/results/nodes.json.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { measureLatency } from './floor.js';
import { loadFnsync } from './fnsync.js';
import { summarize } from './stats.js';

const run = promisify(execFile);
const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const quick = process.argv.includes('--quick');

async function main(): Promise<void> {
  const { library, dist } = await loadFnsync();
  const { Node } = library;
  const cluster = (tag: string): string => `bench-${tag}-${randomBytes(3).toString('hex')}`;
  const floor = await measureLatency(url, { roundTrips: quick ? 300 : 1000, warmup: 100 });

  // A call's round trip: two nodes, one calls a function that returns its argument.
  const c = cluster('call');
  const server = await Node.join({ cluster: c, name: 'server', amqpUrl: url });
  const caller = await Node.join({ cluster: c, name: 'caller', amqpUrl: url });
  await server.register('noop', (x) => x);
  await caller.waitForPeers(1, 30_000, 'noop');
  const rtts: number[] = [];
  for (let i = 0; i < (quick ? 300 : 1000) + 100; i++) {
    const began = performance.now();
    await caller.call('noop', i, server.id);
    if (i >= 100) rtts.push(performance.now() - began);
  }
  await caller.leave();
  await server.leave();
  const call = summarize(rtts);

  // Dispatch throughput: a dispatcher that serves nothing, k nodes that serve a no-op.
  const dispatch: { nodes: number; calls: number; callsPerSecond: number }[] = [];
  for (const k of [1, 2, 3, 4]) {
    const d = cluster(`dispatch${k}`);
    const dispatcher = await Node.join({ cluster: d, name: 'dispatcher', amqpUrl: url });
    const workers = await Promise.all(Array.from({ length: k }, (_, i) => Node.join({ cluster: d, name: `w${i}`, amqpUrl: url })));
    for (const worker of workers) await worker.register('noop', (x) => x);
    await dispatcher.waitForPeers(k, 30_000, 'noop');
    const calls = quick ? 1000 : 3000;
    const began = performance.now();
    await dispatcher.dispatch(
      'noop',
      Array.from({ length: calls }, (_, i) => i),
    );
    dispatch.push({ nodes: k, calls, callsPerSecond: Math.round(calls / ((performance.now() - began) / 1000)) });
    for (const worker of workers) await worker.leave();
    await dispatcher.leave();
  }

  // The Mandelbrot demo, 1 then 4 node processes (the CLI as users run it).
  const mandelbrot: { nodes: number; renderMs: number }[] = [];
  for (const nodes of [1, 4]) {
    const out = join(tmpdir(), `bench-mandelbrot-${process.pid}.png`);
    const { stdout } = await run(process.execPath, [
      join(dist, 'cli/main.js'),
      'demo',
      'mandelbrot',
      '--nodes',
      String(nodes),
      '--size',
      '512',
      '--out',
      out,
      '--json',
      '--amqp',
      url,
    ]);
    mandelbrot.push({ nodes, renderMs: (JSON.parse(stdout) as { renderMs: number }).renderMs });
  }
  const [one, four] = mandelbrot;

  const results = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, load1AtEnd: loadavg()[0] },
    floor: { rttMedianMs: floor.rttMedianMs, rttP99Ms: floor.rttP99Ms },
    call: { rttMedianMs: call.median, rttMinMs: call.min, rttMaxMs: call.max, overFloor: call.median / floor.rttMedianMs },
    dispatch,
    mandelbrot: { runs: mandelbrot, speedUp1to4: one && four ? one.renderMs / four.renderMs : null },
  };
  await mkdir(join(dist, '../bench/results'), { recursive: true });
  await writeFile(join(dist, '../bench/results/nodes.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

await main();
