import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { Command } from 'commander';
import { z } from 'zod';
import { BrokerOptions, addBrokerOptions } from './broker-options.js';
import { waitAtMost } from '../common/index.js';
import { Node, renderMandelbrotDistributed, runSocketsLabClient } from '../nodes/index.js';
import { interruptSignal } from './interrupt.js';
import { parseOptions, wholeNumber } from './parse-options.js';
import { Progress, onTerminal } from './progress.js';
import { resolveBroker, type ResolvedBroker } from './resolve-broker.js';

const MandelbrotOptions = z.strictObject({
  nodes: wholeNumber(1, 16).default(4),
  size: wholeNumber(8, 8192)
    .refine((n) => n % 8 === 0, { error: 'must be a multiple of 8 from 8 to 8192' })
    .default(512),
  out: z.string({ error: 'required: the PNG file to write' }),
  cluster: z.string().optional(),
  killOne: z.boolean().default(false),
  ...BrokerOptions,
  json: z.boolean().default(false),
});

/** The demos' failure detection: quicker than the seed's 20 s / 10 s, so that a demo shows it. */
const DEMO_ECHO = { periodMs: 1000, timeoutMs: 4000 } as const;

export function registerDemoCommand(program: Command): void {
  const demo = program.command('demo').description('demonstrations of the node layer (docs/nodes.md)');
  registerSocketsLab(demo);
  addBrokerOptions(demo.command('mandelbrot'))
    .description('render a Mandelbrot set in 8x8 blocks dispatched over node processes; the PNG equals a single-process render')
    .option('--nodes <n>', 'worker node processes (1-16)', '4')
    .option('--size <px>', 'image side, a multiple of 8', '512')
    .option('--out <file>', 'the PNG to write')
    .option('--cluster <name>', 'the cluster name (default: demo-<random>)')
    .option('--kill-one', 'SIGKILL one worker after its first block: its work is done by the others', false)
    .option('--json', 'print one JSON object on stdout', false)
    .action(async (raw: unknown) => {
      const options = parseOptions(MandelbrotOptions, raw);
      const bar = new Progress({ enabled: !options.json && onTerminal() });
      const broker = await resolveBroker(options.amqp, options.replicated);
      const interrupt = interruptSignal();
      const cluster = options.cluster ?? `demo-${randomBytes(4).toString('hex')}`;
      const coordinator = await Node.join({
        cluster,
        name: 'coordinator',
        amqpUrl: broker.url,
        replicated: broker.replicated,
        failureDetection: DEMO_ECHO,
      });
      const workers: ChildProcess[] = [];
      try {
        bar.phase(`starting ${options.nodes} node processes`);
        for (let i = 0; i < options.nodes; i++) workers.push(spawnWorker(cluster, `worker-${i}`, broker, 'mandelbrot'));
        await coordinator.waitForPeers(options.nodes, 60_000, 'mandelbrot-block');
        const began = performance.now();
        const perNode = new Map<string, number>();
        let killed: string | undefined;
        const png = await renderMandelbrotDistributed(
          coordinator,
          options.size,
          (done, total, by) => {
            perNode.set(by, (perNode.get(by) ?? 0) + 1);
            bar.update(done, total, 'rendering blocks');
            if (options.killOne && killed === undefined) {
              killed = by;
              const name = coordinator.nodes().find((n) => n.id === by)?.name ?? by;
              const victim = workers[Number(name.replace('worker-', ''))];
              victim?.kill('SIGKILL');
              bar.line(`killed ${name} (${by}) with SIGKILL`);
            }
          },
          interrupt.signal,
        );
        const renderMs = performance.now() - began;
        bar.finish();
        await writeFile(options.out, png);
        const names = new Map(coordinator.nodes().map((n) => [n.id, n.name]));
        const summary = {
          cluster,
          nodes: options.nodes,
          size: options.size,
          out: options.out,
          bytes: png.length,
          sha256: createHash('sha256').update(png).digest('hex'),
          renderMs: Math.round(renderMs),
          blocksPerNode: Object.fromEntries([...perNode].map(([id, n]) => [names.get(id) ?? id, n])),
          killed: killed === undefined ? null : (names.get(killed) ?? killed),
        };
        process.stdout.write(
          options.json
            ? `${JSON.stringify(summary)}\n`
            : `wrote ${options.out} (${summary.bytes} bytes, sha256 ${summary.sha256.slice(0, 16)}...) in ${summary.renderMs} ms; blocks per node: ${Object.entries(
                summary.blocksPerNode,
              )
                .map(([n, c]) => `${n} ${c}`)
                .join(', ')}${summary.killed === null ? '' : `; ${summary.killed} was killed`}\n`,
        );
      } finally {
        bar.finish();
        interrupt.dispose();
        await stopWorkers(workers);
        await coordinator.leave();
        await broker.dispose();
      }
    });
}

const SocketsLabOptions = z.strictObject({
  workers: wholeNumber(1, 16).default(3),
  cluster: z.string().optional(),
  ...BrokerOptions,
  json: z.boolean().default(false),
});

function registerSocketsLab(demo: Command): void {
  addBrokerOptions(demo.command('sockets-lab'))
    .description('seed 002 on the broker: echo and file services on a worker pool, a client that fetches two files and checks them')
    .option('--workers <n>', 'worker node processes in the pool (1-16)', '3')
    .option('--cluster <name>', 'the cluster name (default: demo-<random>)')
    .option('--json', 'print one JSON object on stdout', false)
    .action(async (raw: unknown) => {
      const options = parseOptions(SocketsLabOptions, raw);
      const broker = await resolveBroker(options.amqp, options.replicated);
      const cluster = options.cluster ?? `demo-${randomBytes(4).toString('hex')}`;
      const client = await Node.join({
        cluster,
        name: 'client',
        amqpUrl: broker.url,
        replicated: broker.replicated,
        failureDetection: DEMO_ECHO,
      });
      const workers: ChildProcess[] = [];
      try {
        for (let i = 0; i < options.workers; i++) workers.push(spawnWorker(cluster, `worker-${i}`, broker, 'sockets-lab'));
        await client.waitForPeers(options.workers, 60_000, 'file-chunk');
        const names = new Map(client.nodes().map((n) => [n.id, n.name]));
        const transfers = (await runSocketsLabClient(client)).map((t) => ({
          ...t,
          chunksPerNode: Object.fromEntries(Object.entries(t.chunksPerNode).map(([id, n]) => [names.get(id) ?? id, n])),
        }));
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ cluster, workers: options.workers, transfers })}\n`
            : transfers
                .map(
                  (t) =>
                    `${t.name}: ${t.size} bytes in ${t.chunks} chunks (${Object.entries(t.chunksPerNode)
                      .map(([n, c]) => `${n} ${c}`)
                      .join(', ')}), SHA-256 ${t.sha256.slice(0, 16)}... matches; echo: "${t.echo}"\n`,
                )
                .join(''),
        );
      } finally {
        await stopWorkers(workers);
        await client.leave();
        await broker.dispose();
      }
    });
}

function spawnWorker(cluster: string, name: string, broker: ResolvedBroker, service: string): ChildProcess {
  const cli = process.argv[1] ?? '';
  const args = ['node', '--cluster', cluster, '--name', name, '--serve', service, '--amqp', broker.url];
  args.push(broker.replicated ? '--replicated' : '--no-replicated');
  args.push('--echo-period', String(DEMO_ECHO.periodMs), '--echo-timeout', String(DEMO_ECHO.timeoutMs));
  return spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** SIGTERM (they leave the cluster), then SIGKILL for any that did not exit within 5 s. */
async function stopWorkers(workers: readonly ChildProcess[]): Promise<void> {
  const running = workers.filter((w) => w.exitCode === null && w.signalCode === null);
  for (const worker of running) worker.kill('SIGTERM');
  await Promise.all(
    running.map(async (worker) => {
      if (!(await waitAtMost(once(worker, 'exit'), 5000))) worker.kill('SIGKILL');
    }),
  );
}
