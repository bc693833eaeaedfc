import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { z } from 'zod';
import { BrokerOptions, addBrokerOptions } from './broker-options.js';
import { InterruptedError, UsageError, abortReason, deferred, messageOf } from '../common/index.js';
import { ClusterNames, Node, serveMandelbrot, serveSocketsLab, type NodeInfo } from '../nodes/index.js';
import { ManagementApi } from '../transport/index.js';
import { resolveBroker } from './resolve-broker.js';
import { interruptSignal } from './interrupt.js';
import { parseOptions, wholeNumber } from './parse-options.js';

const NodeOptions = z.strictObject({
  cluster: z.string({ error: 'required: the cluster to join' }),
  name: z.string().optional(),
  ...BrokerOptions,
  functions: z.string().optional(),
  serve: z
    .string()
    .transform((text) => text.split(','))
    .pipe(z.array(z.enum(['mandelbrot', 'sockets-lab'], { error: 'must be a comma-separated list of: mandelbrot, sockets-lab' })))
    .optional(),
  echoPeriod: wholeNumber(50, 3_600_000).optional(),
  echoTimeout: wholeNumber(50, 3_600_000).optional(),
  recordAccesses: z.boolean().default(false),
  share: z.string().optional(),
  clean: z.boolean().default(false),
  management: z.string().optional(),
  json: z.boolean().default(false),
});
type NodeOptions = z.infer<typeof NodeOptions>;

export function registerNodeCommand(program: Command): void {
  addBrokerOptions(program.command('node'))
    .description('run a node of a cluster until Ctrl-C: remote functions, the lock, failure detection (docs/nodes.md)')
    .option('--cluster <name>', 'the cluster to join (its broker objects are fnsync.<name>.*)')
    .option('--name <name>', "this node's name")
    .option('--functions <file>', 'an ES module whose `setup(node)` registers remote functions')
    .option('--serve <services>', 'built-in services to serve, comma-separated: mandelbrot, sockets-lab')
    .option('--echo-period <ms>', 'how often to poll the peers (default 20000)')
    .option('--echo-timeout <ms>', 'how long a peer has to answer (default 10000)')
    .option('--share <dir>', 'share the files of this folder in the global file system')
    .option('--record-accesses', 'keep every read and write of distributed variables (for the coherence checker)', false)
    .option('--clean', 'remove what the cluster left on the broker (refused while nodes are in it)', false)
    .option('--management <url>', 'with --clean: the management API (default: port 15672 of the AMQP host)')
    .option('--json', 'print one JSON object per event on stdout', false)
    .addHelpText('after', '\nThe cluster secret, if any, comes from $FNSYNC_CLUSTER_SECRET (every node of the cluster needs the same).')
    .action(async (raw: unknown) => {
      const options = parseOptions(NodeOptions, raw);
      const names = new ClusterNames(options.cluster);
      const broker = await resolveBroker(options.amqp, options.replicated);
      try {
        if (options.clean) await clean(names, broker.url, options);
        else await runNode(broker.url, broker.replicated, options);
      } finally {
        await broker.dispose();
      }
    });
}

async function runNode(amqpUrl: string, replicated: boolean, options: NodeOptions): Promise<void> {
  if (options.name === undefined) throw new UsageError("--name: required: this node's name");
  if (options.share !== undefined && !existsSync(options.share)) throw new UsageError(`--share: no such folder ${options.share}`);
  const setup = options.functions === undefined ? undefined : await loadFunctions(options.functions);
  const print = (event: string, node: NodeInfo, why?: string): void => {
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ event, node, ...(why === undefined ? {} : { why }) })}\n`
        : `${event}: ${node.name} (${node.id}, ${node.address})${why === undefined ? '' : `: ${why}`}\n`,
    );
  };
  const interrupt = interruptSignal();
  const node = await Node.join({
    cluster: options.cluster,
    name: options.name,
    amqpUrl,
    replicated,
    secret: process.env.FNSYNC_CLUSTER_SECRET,
    failureDetection: { periodMs: options.echoPeriod, timeoutMs: options.echoTimeout },
    recordAccesses: options.recordAccesses,
    share: options.share,
  });
  try {
    for (const event of ['joined', 'left', 'token-lost'] as const) node.on(event, (info) => print(event, info));
    node.on('file-changed', (file) => {
      process.stdout.write(
        options.json ? `${JSON.stringify({ event: 'file-changed', file })}\n` : `file-changed: ${file.name} on ${file.owner}\n`,
      );
    });
    node.on('failed', (info, why) => print('failed', info, why));
    if (options.serve?.includes('mandelbrot')) await serveMandelbrot(node);
    if (options.serve?.includes('sockets-lab')) await serveSocketsLab(node);
    await setup?.(node);
    print('ready', node.info());
    const stopped = deferred<undefined>({ quiet: true });
    const stop = (signal: AbortSignal) => () => {
      const reason = abortReason(signal);
      // Ctrl-C or SIGTERM is how a node is meant to stop: it leaves, and that is success.
      if (reason instanceof InterruptedError) stopped.resolve(undefined);
      else stopped.reject(reason);
    };
    interrupt.signal.addEventListener('abort', stop(interrupt.signal), { once: true });
    node.signal.addEventListener('abort', stop(node.signal), { once: true });
    await stopped.promise;
  } finally {
    interrupt.dispose();
    await node.leave();
  }
}

type Setup = (node: Node) => unknown;

async function loadFunctions(file: string): Promise<Setup> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`--functions: no such file ${file}`);
  let module: { setup?: unknown; default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as typeof module;
  } catch (error) {
    throw new UsageError(`--functions: ${file} does not load: ${messageOf(error)}`);
  }
  const setup = module.setup ?? module.default;
  if (typeof setup !== 'function') throw new UsageError(`--functions: ${file} exports no setup(node) function`);
  return setup as Setup;
}

/** Removes the cluster's queues and exchange, through the management API (which lists them). */
async function clean(names: ClusterNames, amqpUrl: string, options: NodeOptions): Promise<void> {
  const api = new ManagementApi(amqpUrl, options.management ?? process.env.FNSYNC_MGMT_URL);
  const queues = (await api.queues()).map((q) => q.name).filter((name) => name.startsWith(names.prefix));
  const live = queues.filter((name) => name.startsWith(names.node('')));
  if (live.length > 0)
    throw new UsageError(`cluster ${names.cluster} has ${live.length} live node(s); stop them first (they remove it as they leave)`);
  const exchanges = (await api.exchanges()).filter((name) => name.startsWith(names.prefix));
  for (const queue of queues) await api.deleteQueue(queue);
  for (const exchange of exchanges) await api.deleteExchange(exchange);
  const removed = { cluster: names.cluster, queues, exchanges };
  process.stdout.write(
    options.json
      ? `${JSON.stringify(removed)}\n`
      : `removed ${queues.length} queue(s) and ${exchanges.length} exchange(s) of ${names.cluster}\n`,
  );
}
