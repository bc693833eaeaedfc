import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { BrokerOptions, addBrokerOptions } from './broker-options.js';
import { InterruptedError, UsageError, abortReason, deferred } from '../common/index.js';
import { ClusterNames, type Node } from '../nodes/index.js';
import { ManagementApi, redactUrl } from '../transport/index.js';
import { openNodeDashboard, type ConnectTarget, type NodeDashboard } from '../ui/index.js';
import { resolveBroker } from './resolve-broker.js';
import { interruptSignal } from './interrupt.js';
import { joinNode, loadFunctions, moveNode, type Session } from './node-session.js';
import { parseOptions, wholeNumber } from './parse-options.js';
import { LOOPBACK, WebOptions, addWebOptions, announce } from './web-options.js';

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
  ui: z.boolean().default(false),
  ...WebOptions,
});
type NodeOptions = z.infer<typeof NodeOptions>;

export function registerNodeCommand(program: Command): void {
  const command = addBrokerOptions(program.command('node'))
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
    .option('--ui', "serve the node's dashboard (nodes, self, resources, whiteboard) on a local web page; its URL is printed", false);
  addWebOptions(command)
    .addHelpText('after', '\nThe cluster secret, if any, comes from $FNSYNC_CLUSTER_SECRET (every node of the cluster needs the same).')
    .action(async (raw: unknown) => {
      const options = parseOptions(NodeOptions, raw);
      if (!options.ui && (options.host !== LOOPBACK || options.port !== 0))
        throw new UsageError(`--${options.host !== LOOPBACK ? 'host' : 'port'}: applies to --ui only`);
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
  const session: Session = {
    ...options,
    name: options.name,
    replicated,
    setup: options.functions === undefined ? undefined : await loadFunctions(options.functions),
  };
  const interrupt = interruptSignal();
  const stopped = deferred<undefined>({ quiet: true });
  const stop = (signal: AbortSignal) => (): void => {
    const reason = abortReason(signal);
    // Ctrl-C or SIGTERM is how a node is meant to stop: it leaves, and that is success.
    if (reason instanceof InterruptedError) stopped.resolve(undefined);
    else stopped.reject(reason);
  };
  interrupt.signal.addEventListener('abort', stop(interrupt.signal), { once: true });
  let node: Node | undefined;
  let lost = (): void => undefined;
  // The node this process is now: the connect form of the dashboard may move it to another cluster.
  const follow = (next: Node): Node => {
    node?.signal.removeEventListener('abort', lost);
    node = next;
    lost = stop(next.signal);
    next.signal.addEventListener('abort', lost, { once: true });
    return next;
  };
  let dashboard: NodeDashboard | undefined;
  let moving: Promise<unknown> | undefined;
  try {
    const first = follow(await joinNode(options.cluster, amqpUrl, session));
    if (options.ui) {
      let url = amqpUrl;
      const connect = async (target: ConnectTarget): Promise<void> => {
        const move = moveNode(target, url, session, interrupt.signal);
        moving = move.catch(() => undefined);
        const { next, nextUrl } = await move;
        const old = node;
        follow(next);
        url = nextUrl;
        dashboard?.show(next, redactUrl(nextUrl));
        await old?.leave();
      };
      dashboard = await openNodeDashboard(first, redactUrl(amqpUrl), { host: options.host, port: options.port, connect });
      process.stderr.write(`${announce(`the dashboard of node ${session.name}`, dashboard.url, options.host)}; Ctrl-C stops the node\n`);
    }
    await stopped.promise;
  } finally {
    interrupt.dispose();
    await dashboard?.close();
    // A move under way ends first (joined or failed, both bounded), so that no node is left behind.
    await moving;
    await node?.leave();
  }
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
