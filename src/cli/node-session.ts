import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InterruptedError, UsageError, messageOf } from '../common/index.js';
import { ClusterNames, Node, serveMandelbrot, serveSocketsLab, type NodeInfo } from '../nodes/index.js';
import { assertAmqpUrl } from '../transport/index.js';
import type { ConnectTarget } from '../ui/index.js';

type Setup = (node: Node) => unknown;

/** What every node this process runs is made of (the first, and any the dashboard moves it to). */
export interface Session {
  readonly name: string;
  readonly setup: Setup | undefined;
  readonly serve?: readonly ('mandelbrot' | 'sockets-lab')[];
  readonly echoPeriod?: number;
  readonly echoTimeout?: number;
  readonly recordAccesses: boolean;
  readonly share?: string;
  readonly json: boolean;
  /** Survive the loss of a broker node (quorum queues, acks, reconnects). */
  readonly replicated: boolean;
}

/** Joins a cluster as this process's node: prints its events, serves its services, runs `setup`; leaves again if any of that fails. */
export async function joinNode(cluster: string, amqpUrl: string, session: Session): Promise<Node> {
  const print = (event: string, node: NodeInfo, why?: string): void => {
    process.stdout.write(
      session.json
        ? `${JSON.stringify({ event, node, ...(why === undefined ? {} : { why }) })}\n`
        : `${event}: ${node.name} (${node.id}, ${node.address})${why === undefined ? '' : `: ${why}`}\n`,
    );
  };
  const node = await Node.join({
    cluster,
    name: session.name,
    amqpUrl,
    replicated: session.replicated,
    secret: process.env.FNSYNC_CLUSTER_SECRET,
    failureDetection: { periodMs: session.echoPeriod, timeoutMs: session.echoTimeout },
    recordAccesses: session.recordAccesses,
    share: session.share,
  });
  try {
    for (const event of ['joined', 'left', 'token-lost'] as const) node.on(event, (info) => print(event, info));
    node.on('file-changed', (file) => {
      process.stdout.write(
        session.json ? `${JSON.stringify({ event: 'file-changed', file })}\n` : `file-changed: ${file.name} on ${file.owner}\n`,
      );
    });
    node.on('failed', (info, why) => print('failed', info, why));
    if (session.serve?.includes('mandelbrot')) await serveMandelbrot(node);
    if (session.serve?.includes('sockets-lab')) await serveSocketsLab(node);
    await session.setup?.(node);
    print('ready', node.info());
    return node;
  } catch (error) {
    await node.leave();
    throw error;
  }
}

/**
 * The dashboard's connect form: joins the target (another cluster, on this broker unless it names
 * another) while the current node stays; the caller then leaves the old cluster. Errors are
 * usage errors for a bad target; none carries a password.
 */
export async function moveNode(
  target: ConnectTarget,
  currentUrl: string,
  session: Session,
  interrupt: AbortSignal,
): Promise<{ next: Node; nextUrl: string }> {
  // A name the broker would not take is a usage error before anything is joined.
  new ClusterNames(target.cluster);
  const nextUrl = target.amqp ?? currentUrl;
  try {
    assertAmqpUrl(nextUrl);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  const next = await joinNode(target.cluster, nextUrl, session);
  if (interrupt.aborted) {
    // Ctrl-C came while joining: the new node must not outlive the process.
    await next.leave();
    throw new InterruptedError();
  }
  return { next, nextUrl };
}

export async function loadFunctions(file: string): Promise<Setup> {
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
