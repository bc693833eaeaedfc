import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { Node, type NodeInfo } from '../../src/nodes/index.js';
import { amqpUrl } from './broker.js';
import { startCli, type RunningCli } from './cli.js';

export const NODE_FUNCTIONS = fileURLToPath(new URL('../fixtures/node-functions.js', import.meta.url));

/** Short echo periods, so that failures are seen in tests within seconds (generous for a loaded machine). */
export const FAST_ECHO = { periodMs: 300, timeoutMs: 3000 } as const;

export interface SpawnedNode {
  readonly cli: RunningCli;
  /** Its `ready` event: its id, once it printed it. */
  info(): Promise<NodeInfo>;
  /** Every JSON event it printed so far. */
  events(): { event: string; node: NodeInfo; why?: string }[];
}

/** A `fnsync node --json` process of the built CLI, with the test functions. */
export function spawnNode(cluster: string, name: string, env: NodeJS.ProcessEnv = {}, extra: readonly string[] = []): SpawnedNode {
  const cli = startCli(
    [
      'node',
      '--cluster',
      cluster,
      '--name',
      name,
      '--functions',
      NODE_FUNCTIONS,
      '--echo-period',
      String(FAST_ECHO.periodMs),
      '--echo-timeout',
      String(FAST_ECHO.timeoutMs),
      '--record-accesses',
      '--json',
      ...extra,
    ],
    { env: { AMQP_URL: amqpUrl(), ...env }, killAfterMs: 90_000 },
  );
  let stdout = '';
  cli.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const events = (): { event: string; node: NodeInfo; why?: string }[] =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { event: string; node: NodeInfo; why?: string });
  return {
    cli,
    events,
    info: async () => {
      await expect.poll(() => events().some((e) => e.event === 'ready'), { timeout: 30_000, interval: 50 }).toBe(true);
      const ready = events().find((e) => e.event === 'ready');
      if (!ready) throw new Error(`${name} never got ready: ${cli.stderr()}`);
      return ready.node;
    },
  };
}

/** Joins a node in the test's own process (fast echo polling unless the test needs another). */
export function joinHere(
  cluster: string,
  name: string,
  secret?: string,
  share?: string,
  failureDetection: { periodMs: number; timeoutMs: number } = FAST_ECHO,
): Promise<Node> {
  return Node.join({ cluster, name, amqpUrl: amqpUrl(), secret, share, failureDetection, recordAccesses: true });
}

/** Echo polling slow enough that a loaded machine never takes a live peer for dead. */
export const PATIENT_ECHO = { periodMs: 1000, timeoutMs: 20_000 } as const;

/** Stops spawned nodes with SIGTERM (they leave) and waits for their exit. */
export async function stopNodes(nodes: readonly SpawnedNode[]): Promise<void> {
  for (const node of nodes) if (node.cli.child.exitCode === null) node.cli.child.kill('SIGTERM');
  await Promise.all(nodes.map((node) => node.cli.done));
}
