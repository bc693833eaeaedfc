import type { Command } from 'commander';
import { z } from 'zod';
import { BrokerOptions } from './broker-options.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../common/index.js';
import { DEFAULT_AMQP_URL, ManagementApi, assertAmqpUrl, redactUrl } from '../transport/index.js';
import { parseDuration, planClean, type BrokerSnapshot, type CleanPlan } from './clean-plan.js';
import { RunIdOption, collect, parseOptions } from './parse-options.js';

/**
 * The management API lists a connection only at its next statistics refresh (every 5 s by default):
 * a run that started a moment ago can look connection-less. Objects count as left behind only if
 * they were there before this wait and their run still has no connection after it.
 */
const DEFAULT_WATCH = '6s';

/** `30s`, `10m`, `2h`, `1d` (or milliseconds), as milliseconds. */
const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 10m, 2h or 1d' });
  return ms ?? 0;
});

const CleanOptions = z.strictObject({
  amqp: BrokerOptions.amqp,
  management: z.url({ error: 'must be the management API URL, e.g. http://guest:guest@localhost:15672' }).optional(),
  olderThan: duration.optional(),
  runId: RunIdOption.optional(),
  watch: duration.prefault(DEFAULT_WATCH),
  dryRun: z.boolean().default(false),
  json: z.boolean().default(false),
});

export function registerCleanCommand(program: Command): void {
  program
    .command('clean')
    .description(
      'remove what runs left on the broker: fnsync.* queues and exchanges of runs that have no open connection (never other names)',
    )
    .option(
      '--amqp <url>',
      'the broker (default: $AMQP_URL, else amqp://guest:guest@localhost:5672); its vhost is cleaned (a cluster: any one node)',
      collect,
    )
    .option('--management <url>', 'the management API (default: $FNSYNC_MGMT_URL, else http://<amqp host>:15672 with the AMQP credentials)')
    .option(
      '--older-than <duration>',
      'also stop runs whose connections are all older than this (30s, 10m, 2h, 1d): close them and remove their objects',
    )
    .option('--run-id <id>', 'only this run')
    .option('--watch <duration>', 'watch this long before deciding, so that connections opened just now are listed', DEFAULT_WATCH)
    .option('--dry-run', 'say what would be removed, remove nothing', false)
    .option('--json', 'print what was removed as one JSON object', false)
    .action(async (raw: unknown) => {
      const options = parseOptions(CleanOptions, raw);
      const amqpUrl = options.amqp?.join(',') ?? process.env.AMQP_URL ?? DEFAULT_AMQP_URL;
      try {
        assertAmqpUrl(amqpUrl);
      } catch (error) {
        throw new UsageError(`--amqp: ${(error as Error).message}`);
      }
      const api = new ManagementApi(amqpUrl, options.management ?? process.env.FNSYNC_MGMT_URL);
      const before = await snapshot(api);
      if (options.watch > 0) {
        if (process.stderr.isTTY) process.stderr.write(`watching the broker for ${options.watch / 1000} s...\r`);
        await sleep(options.watch);
      }
      const after = await snapshot(api);
      const plan = planClean(
        {
          queues: after.queues.filter((q) => before.queues.includes(q)),
          exchanges: after.exchanges.filter((e) => before.exchanges.includes(e)),
          connections: after.connections,
        },
        { now: Date.now(), olderThanMs: options.olderThan, runId: options.runId },
      );
      if (!options.dryRun) await execute(api, plan);
      process.stdout.write(
        options.json ? `${JSON.stringify({ dryRun: options.dryRun, ...plan })}\n` : describe(plan, options.dryRun, redactUrl(amqpUrl)),
      );
    });
}

async function snapshot(api: ManagementApi): Promise<BrokerSnapshot> {
  const [queues, exchanges, connections] = await Promise.all([api.queues(), api.exchanges(), api.connections()]);
  return { queues: queues.map((q) => q.name), exchanges, connections };
}

/** Connections first (their exclusive queues go with them), then what is left. */
async function execute(api: ManagementApi, plan: CleanPlan): Promise<void> {
  for (const connection of plan.connections) await api.closeConnection(connection.id, 'fnsync clean: the run is stale');
  for (const queue of plan.queues) await api.deleteQueue(queue);
  for (const exchange of plan.exchanges) await api.deleteExchange(exchange);
}

function describe(plan: CleanPlan, dryRun: boolean, where: string): string {
  const lines = [
    ...plan.connections.map((c) => `${dryRun ? 'would close' : 'closed'} connection ${c.connectionName}`),
    ...plan.queues.map((q) => `${dryRun ? 'would remove' : 'removed'} queue ${q}`),
    ...plan.exchanges.map((e) => `${dryRun ? 'would remove' : 'removed'} exchange ${e}`),
  ];
  const counted = `${plan.queues.length} queue(s), ${plan.exchanges.length} exchange(s), ${plan.connections.length} connection(s) of ${plan.runs.length} run(s)`;
  lines.push(plan.runs.length === 0 ? `nothing to clean at ${where}` : `${dryRun ? 'would clean' : 'cleaned'} ${counted} at ${where}`);
  return `${lines.join('\n')}\n`;
}
