import type { Command } from 'commander';
import { CheckFailedError } from '../common/index.js';
import {
  FAAS_PLATFORMS,
  createRuntime,
  runSynchronizer,
  type FunctionRuntime,
  type RunProgress,
  type SynchronizerEvent,
  type SynchronizerReport,
} from '../orchestrator/index.js';
import { resolveBroker } from './resolve-broker.js';
import { parseOptions } from './parse-options.js';
import { Progress, onTerminal } from './progress.js';
import { MAX_SLAVES } from '../protocol/index.js';
import { DEFAULT_LEASE_MS, LOCAL_SLAVE_LIMIT, RunOptions, defaultTimeoutMs } from './run-options.js';
import { interruptSignal } from './interrupt.js';
import { writeTimeline } from './write-timeline.js';
import { assertWritable } from './writable.js';

/** Above this many slaves the human output shows a few lists and a summary instead of all N. */
const FULL_LISTS_UP_TO = 50;

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the master/slave synchronizer: N slaves agree on one list through RabbitMQ')
    .option('--slaves <n>', `number of slave functions (1-${LOCAL_SLAVE_LIMIT} on local, 1-${MAX_SLAVES} elsewhere)`)
    .option('--amqp <url>', 'RabbitMQ URL (default: $AMQP_URL, else amqp://guest:guest@localhost:5672)')
    .option(
      '--runtime <name>',
      `where functions run: local (a process each), inline (this process), ${FAAS_PLATFORMS.map((p) => `${p.name} (${p.summary})`).join(', ')}`,
      'local',
    )
    .option('--seed <n>', 'seed for the grant order and the values (default: random, and reported)')
    .option('--timeout <ms>', 'limit for the whole run (default: 60000 + 100 per slave)')
    .option('--lease <ms>', 'how long a slave may take to request or to write', String(DEFAULT_LEASE_MS))
    .option('--json', 'print one JSON object on stdout (logs stay on stderr)', false)
    .option('--timeline <file.svg>', "draw the functions over time (spawn, join, each round's grant and value, done) as SVG")
    .option('--run-id <id>', 'name the run: its queues and connections are fnsync.<id>.* (default: random)')
    .option('--lambda-endpoint <url>', 'lambda runtime: Lambda API endpoint (default: $FNSYNC_LAMBDA_ENDPOINT, else AWS)')
    .option('--lambda-region <region>', 'lambda runtime: AWS region (default: $AWS_REGION, else us-east-1)')
    .option('--lambda-prefix <prefix>', 'lambda and openwhisk runtimes: deployed function name prefix (default: fnsync)')
    .action(async (raw: unknown) => {
      const options = parseOptions(RunOptions, raw);
      if (options.timeline !== undefined) await assertWritable(options.timeline, 'timeline');
      const bar = new Progress({ enabled: !options.json && onTerminal() });
      bar.phase('looking for the broker');
      const broker = await resolveBroker(options.amqp);
      const interrupt = interruptSignal();
      let runtime: FunctionRuntime | undefined;
      const timeline: SynchronizerEvent[] = [];
      try {
        runtime = createRuntime(options.runtime, {
          amqpUrl: broker.url,
          faas: { endpoint: options.lambdaEndpoint, region: options.lambdaRegion, functionPrefix: options.lambdaPrefix },
        });
        const report = await runSynchronizer({
          amqpUrl: broker.url,
          slaves: options.slaves,
          runtime,
          seed: options.seed,
          runId: options.runId,
          leaseMs: options.lease,
          timeoutMs: options.timeout ?? defaultTimeoutMs(options.slaves),
          signal: interrupt.signal,
          onProgress: bar.enabled ? (progress) => showProgress(bar, progress) : undefined,
          onEvent: options.timeline === undefined ? undefined : (event) => timeline.push(event),
        });
        bar.finish();
        if (options.timeline !== undefined) await writeTimeline(options.timeline, timeline, report);
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : humanReport(report));
        if (!report.verification.passed) throw new CheckFailedError(`verification failed: ${report.verification.problems.join('; ')}`);
      } finally {
        bar.finish();
        interrupt.dispose();
        await runtime?.close();
        await broker.dispose();
      }
    });
}

function showProgress(bar: Progress, progress: RunProgress): void {
  switch (progress.phase) {
    case 'connecting':
      bar.phase('connecting and declaring the run');
      return;
    case 'starting':
      bar.update(progress.started, progress.total, 'functions started');
      return;
    case 'rounds':
      bar.update(progress.done, progress.total, 'rounds');
      return;
    case 'teardown':
      bar.phase('removing the run from the broker');
      return;
  }
}

function humanReport(report: SynchronizerReport): string {
  const lines: string[] = [];
  const shown = report.results.length <= FULL_LISTS_UP_TO ? report.results : report.results.slice(0, 3);
  for (const result of shown) lines.push(`(${result.slave}) [${result.list.map((e) => e.value).join(', ')}]`);
  if (shown.length < report.results.length) lines.push(`... and ${report.results.length - shown.length} more lists`);
  const { timings, messages } = report;
  const verdict = report.verification.passed ? 'OK' : 'FAILED';
  lines.push(
    `${verdict}: ${report.slaves} slaves, ${report.identical ? 'identical lists' : 'lists differ'}, every slave wrote ${report.verification.passed ? 'once' : '(see errors)'}; ` +
      `wall ${(timings.totalMs / 1000).toFixed(2)} s, protocol ${timings.protocolMs.toFixed(1)} ms, spawn ${timings.spawnMs.toFixed(0)} ms; ` +
      `${messages.published} published, ${messages.delivered} delivered (run ${report.runId}, seed ${report.seed}, ${report.runtime})`,
  );
  return `${lines.join('\n')}\n`;
}
