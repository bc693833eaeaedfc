/**
 * `npm run bench:cluster`: what surviving a node's loss costs. The synchronizer (inline runtime,
 * so that process start-up does not blur it) at N = 10, 40 and 100 on a private single node with
 * today's topology, on the same node replicated (quorum queues of one member, acknowledged
 * deliveries, message ids), and on a private 3-node cluster replicated; all in the same minutes on
 * this machine, configurations interleaved, medians of --reps (default 3). Writes
 * bench/results/cluster.json and prints a markdown table. Needs Debian's rabbitmq-server.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { RabbitCluster } from '../tests/support/rabbit-cluster.js';
import { RabbitNode } from '../tests/support/rabbit-node.js';
import { loadFnsync } from './fnsync.js';
import { measureSynchronizer } from './synchronizer.js';
import { summarize } from './stats.js';

const SIZES = [10, 40, 100] as const;
const repsArg = process.argv.find((arg) => arg.startsWith('--reps='));
const reps = repsArg === undefined ? 3 : Number(repsArg.slice('--reps='.length));

interface Setup {
  readonly name: string;
  readonly url: string;
  readonly replicated: boolean;
}

async function main(): Promise<void> {
  const fnsync = await loadFnsync();
  process.stderr.write('starting a private node and a private 3-node cluster...\n');
  const [single, cluster] = await Promise.all([RabbitNode.start('bench-single'), RabbitCluster.start('bench')]);
  try {
    const setups: Setup[] = [
      { name: 'one node', url: single.amqpUrl, replicated: false },
      { name: 'one node, replicated', url: single.amqpUrl, replicated: true },
      { name: '3-node cluster, replicated', url: cluster.urls.join(','), replicated: true },
    ];
    const protocol = new Map<string, number[]>();
    const total = new Map<string, number[]>();
    for (let rep = 0; rep < reps; rep++) {
      for (const slaves of SIZES) {
        for (const setup of setups) {
          const key = `${setup.name}|${slaves}`;
          const sample = await measureSynchronizer(fnsync, setup.url, 'inline', slaves, {
            seed: rep + 1,
            runId: `bench-cl-${randomBytes(3).toString('hex')}`,
            replicated: setup.replicated,
          });
          protocol.set(key, [...(protocol.get(key) ?? []), sample.protocolMs]);
          total.set(key, [...(total.get(key) ?? []), sample.totalMs]);
          process.stderr.write(`${setup.name}, N = ${slaves}: protocol ${Math.round(sample.protocolMs)} ms\n`);
        }
      }
    }
    const rows = SIZES.flatMap((slaves) =>
      setups.map((setup) => {
        const key = `${setup.name}|${slaves}`;
        const p = summarize(protocol.get(key) ?? []);
        const baseline = summarize(protocol.get(`${setups[0]?.name ?? ''}|${slaves}`) ?? []).median;
        return {
          setup: setup.name,
          slaves,
          protocolMedianMs: Math.round(p.median),
          protocolMinMs: Math.round(p.min),
          protocolMaxMs: Math.round(p.max),
          totalMedianMs: Math.round(summarize(total.get(key) ?? []).median),
          overOneNode: Math.round((p.median / baseline) * 100) / 100,
        };
      }),
    );
    const results = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: cpus().length, load1AtEnd: loadavg()[0] },
      reps,
      runtime: 'inline',
      rows,
    };
    const out = join(fnsync.dist, '../bench/results');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'cluster.json'), `${JSON.stringify(results, null, 2)}\n`);
    const table = [
      '| N | setup | protocol, median (min-max) | vs one node | whole run, median |',
      '|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.slaves} | ${r.setup} | ${r.protocolMedianMs} ms (${r.protocolMinMs}-${r.protocolMaxMs}) | ${r.overOneNode}x | ${r.totalMedianMs} ms |`,
      ),
    ];
    process.stdout.write(`${table.join('\n')}\n`);
  } finally {
    await Promise.all([single.stop(), cluster.stop()]);
  }
}

await main();
