import type { Command } from 'commander';
import { addBrokerOptions } from './broker-options.js';
import { CheckFailedError } from '../common/index.js';
import {
  FAAS_PLATFORMS,
  MASTER_FUNCTION,
  RuntimeName,
  SLAVE_FUNCTION,
  createRuntime,
  type Handler,
  prewarmSynchronizer,
  runSynchronizer,
  type FunctionRuntime,
  type RunProgress,
  type SynchronizerEvent,
  type SynchronizerReport,
} from '../orchestrator/index.js';
import { resolveBroker, type ResolvedBroker } from './resolve-broker.js';
import { parseOptions } from './parse-options.js';
import { Progress, onTerminal } from './progress.js';
import { MAX_SLAVES, newRunId } from '../protocol/index.js';
import { DEFAULT_LEASE_MS, REPLICATED_LEASE_MS, RunOptions, WORKER_SLAVE_LIMIT, defaultTimeoutMs } from './run-options.js';
import { interruptSignal } from './interrupt.js';
import { addFaasOptions, faasTarget } from './faas-options.js';
import { writeTimeline } from './write-timeline.js';
import { assertWritable } from './writable.js';

/** Above this many slaves the human output shows a few lists and a summary instead of all N. */
const FULL_LISTS_UP_TO = 50;

export function registerRunCommand(program: Command): void {
  addFaasOptions(
    addBrokerOptions(
      program
        .command('run')
        .description('run the master/slave synchronizer: N slaves agree on one list through RabbitMQ')
        .option('--slaves <n>', `number of slave functions (1-${WORKER_SLAVE_LIMIT} on isolate and local, 1-${MAX_SLAVES} elsewhere)`)
        .option(
          '--runtime <name>',
          `where functions run: isolate (a worker thread each), local (a process each), inline (this process), ${FAAS_PLATFORMS.map((p) => `${p.name} (${p.summary})`).join(', ')}`,
          'isolate',
        )
        .option('--seed <n>', 'seed for the grant order and the values (default: random, and reported)')
        .option('--timeout <ms>', 'limit for the whole run (default: 60000 + 100 per slave)')
        .option(
          '--lease <ms>',
          `how long a granted slave may take to write its value (default: ${DEFAULT_LEASE_MS}, replicated ${REPLICATED_LEASE_MS})`,
        )
        .option('--json', 'print one JSON object on stdout (logs stay on stderr)', false)
        .option('--timeline <file.svg>', "draw the functions over time (spawn, join, each round's grant and value, done) as SVG")
        .option('--run-id <id>', 'name the run: its queues and connections are fnsync.<id>.* (default: random)'),
    ),
  ).action(async (raw: unknown) => {
    const options = parseOptions(RunOptions, raw);
    if (options.timeline !== undefined) await assertWritable(options.timeline, 'timeline');
    const bar = new Progress({ enabled: !options.json && onTerminal() });
    const runId = options.runId ?? newRunId();
    // Threads and processes on this machine start booting now, while the broker is looked for (a
    // FaaS runtime needs the broker's URL; inline has nothing to boot).
    let runtime: FunctionRuntime | undefined =
      options.runtime === RuntimeName.Isolate || options.runtime === RuntimeName.Local ? createRuntime(options.runtime) : undefined;
    let broker: ResolvedBroker | undefined;
    let interrupt: ReturnType<typeof interruptSignal> | undefined;
    const timeline: SynchronizerEvent[] = [];
    try {
      if (runtime) prewarmSynchronizer(runtime, runId, options.slaves);
      bar.phase('looking for the broker');
      broker = await resolveBroker(options.amqp, options.replicated);
      interrupt = interruptSignal();
      runtime ??= createRuntime(options.runtime, {
        amqpUrl: broker.url,
        faas: faasTarget(options),
        inProcess: options.runtime === RuntimeName.Inline ? await synchronizerHandlers() : undefined,
      });
      const report = await runSynchronizer({
        amqpUrl: broker.url,
        slaves: options.slaves,
        runtime,
        seed: options.seed,
        runId,
        replicated: broker.replicated,
        leaseMs: options.lease ?? (broker.replicated ? REPLICATED_LEASE_MS : DEFAULT_LEASE_MS),
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
      interrupt?.dispose();
      await runtime?.close();
      await broker?.dispose();
    }
  });
}

/**
 * The master and slave handlers from the CLI's own module graph (its bundle), for `inline`: else
 * it would import them, and zod and amqplib with them, a second time from dist/.
 */
async function synchronizerHandlers(): Promise<ReadonlyMap<string, Handler>> {
  const [{ masterHandler }, { slaveHandler }] = await Promise.all([import('../master/index.js'), import('../slave/index.js')]);
  return new Map<string, Handler>([
    [MASTER_FUNCTION.module, masterHandler],
    [SLAVE_FUNCTION.module, slaveHandler],
  ]);
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
