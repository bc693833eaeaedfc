import type { Command } from 'commander';
import { addBrokerOptions } from './broker-options.js';
import { CheckFailedError, UsageError, randomSeed } from '../common/index.js';
import {
  Mode,
  STEPPER_HELP,
  TransportName,
  formatStatistics,
  lineSource,
  runExerciseInWorker,
  terminalSource,
  type AlgorithmSource,
  type CommandSource,
  type IsolatedOutcome,
} from '../emulator/index.js';
import {
  algorithms,
  bundleAlgorithmFile,
  describeOptions,
  findAlgorithm,
  importAlgorithm,
  parseAlgorithmOptions,
  type Algorithm,
  type BundledAlgorithm,
} from '../exercises/index.js';
import { resolveBroker, type ResolvedBroker } from './resolve-broker.js';
import { ExerciseOptions, DEFAULT_TIMEOUT_MS, checkCombination, faultsOf } from './exercise-options.js';
import { interruptSignal } from './interrupt.js';
import { parseOptions } from './parse-options.js';
import { Progress, onTerminal } from './progress.js';
import { watchRun, type RunWatchers } from './run-watchers.js';
import { addWebOptions } from './web-options.js';
import { assertWritable } from './writable.js';

/** The run's limit with --ui when --timeout is not given: an hour. */
const UI_TIMEOUT_MS = 3_600_000;
/** Above this many devices the human output lists a few results and a count. */
const RESULTS_SHOWN = 50;
/** A device's result longer than this is cut in the human output (--json has it whole). */
const RESULT_CHARS = 200;

function shorten(text: string): string {
  return text.length <= RESULT_CHARS ? text : `${text.slice(0, RESULT_CHARS)}... (${text.length} characters; --json prints them all)`;
}

export function registerExerciseCommand(program: Command): void {
  const exercise = program
    .command('exercise')
    .description('run a distributed-algorithm exercise on emulated devices (memory or RabbitMQ)')
    .option('--list', 'list the lectures and their algorithms')
    .option('--lecture <n>', 'the lecture of the algorithm (see --list)')
    .option('--algorithm <name>', 'the algorithm (a registered one, or the export of --file)')
    .option('--file <path>', 'run your own algorithm: a .ts or .js module exporting a Device class named by --algorithm')
    .option('--type <mode>', 'sync, async or stepping')
    .option('--devices <n>', 'number of devices (2 or more)')
    .option('--transport <name>', 'memory (one process) or amqp (RabbitMQ, a connection per device)', TransportName.Memory)
    .option(
      '--runtime <name>',
      'amqp: where devices run: inline (this process), isolate (a worker thread each) or local (a process each)',
      'inline',
    )
    .option('--seed <n>', 'seed for every random choice (default: random, and reported)')
    .option('--trace <file>', 'write the trace as JSON lines')
    .option('--drop <p>', 'probability that a message is lost', '0')
    .option('--duplicate <p>', 'probability that a message arrives twice', '0')
    .option('--delay <min:max>', 'async: extra latency per message in ms (virtual ms on memory)')
    .option('--partition <groups>', 'groups that cannot reach each other, e.g. 0,1/2,3')
    .option(
      '--crash <device@t>',
      'stop a device at a round (sync) or after t ms (async), e.g. 2@3; 2@3:1 stops it in that round after 1 more send; comma-separated',
    )
    .option('--option <key=value>', "an algorithm's option, e.g. entries=3; repeat for several (see --list)", collectOption, [])
    .option('--timeout <ms>', 'limit for the whole run', String(DEFAULT_TIMEOUT_MS))
    .option('--json', 'print one JSON object on stdout (logs stay on stderr)', false)
    .option('--run-id <id>', 'name the run: on amqp, its queues and connections are fnsync.<id>.* (default: random)')
    .option('--ui', 'stepping: drive the stepper from a web page (its URL is printed) instead of the terminal', false)
    .option('--diagram <file.svg>', "write the run's Lamport diagram (SVG) at its end");
  addWebOptions(addBrokerOptions(exercise)).action(async (raw: Record<string, unknown>, command: Command) => {
    // A person clicking through a run takes longer than the default limit allows.
    const timeout = raw.ui === true && command.getOptionValueSource('timeout') === 'default' ? String(UI_TIMEOUT_MS) : raw.timeout;
    const options = parseOptions(ExerciseOptions, { ...raw, list: raw.list === true, timeout });
    checkCombination(options);
    if (options.list) {
      process.stdout.write(listing());
      return;
    }
    await runCommand(options);
  });
}

/** Single keys on a terminal (the seed's stepper), lines from a pipe (scripted sessions). */
function stepperInput(): CommandSource {
  if (!process.stdin.isTTY) return lineSource(process.stdin);
  process.stderr.write(
    `stepping: space/Enter step, f fast-forward, Tab/q queue, s pick, e swap, x exit, : command, ? help\n${STEPPER_HELP}\n`,
  );
  return terminalSource(process.stdin, (text) => process.stderr.write(text));
}

/** commander's collector for a repeatable option. */
function collectOption(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** One line per algorithm; its options indented under it. */
function listing(): string {
  const width = Math.max(...algorithms.map((a) => a.name.length));
  return algorithms
    .map((a) => {
      // Lectures go up to 12: their numbers take two columns, so that the names line up.
      const options = describeOptions(a.options).map((line) => `${' '.repeat(width + 14)}--option ${line}\n`);
      return `lecture ${String(a.lecture ?? '-').padStart(2)}  ${a.name.padEnd(width)}  ${a.summary}\n${options.join('')}`;
    })
    .join('');
}

async function runCommand(options: ExerciseOptions): Promise<void> {
  // The schema made these required when --list is absent.
  const name = options.algorithm ?? '';
  const mode = options.type ?? Mode.Sync;
  const devices = options.devices ?? 0;
  let bundle: BundledAlgorithm | undefined;
  let broker: ResolvedBroker | undefined;
  let commands: CommandSource | undefined;
  let bar: Progress | undefined;
  let watchers: RunWatchers | undefined;
  const interrupt = interruptSignal();
  try {
    let algorithm: Algorithm;
    let source: AlgorithmSource;
    if (options.file !== undefined) {
      bundle = await bundleAlgorithmFile(options.file);
      source = { kind: 'file', module: bundle.module, name, lecture: options.lecture ?? null, sourceFile: options.file };
      algorithm = await importAlgorithm(source);
    } else {
      const lecture = options.lecture ?? 0;
      algorithm = findAlgorithm(lecture, name);
      source = { kind: 'registry', lecture, name };
    }
    if (devices < algorithm.minDevices) throw new UsageError(`--devices: ${algorithm.name} needs at least ${algorithm.minDevices} devices`);
    const algorithmOptions = parseAlgorithmOptions(algorithm, options.option, devices);
    if (options.trace !== undefined) await assertWritable(options.trace, 'trace');
    if (options.diagram !== undefined) await assertWritable(options.diagram, 'diagram');
    if (options.transport === TransportName.Amqp) broker = await resolveBroker(options.amqp, options.replicated);
    const seed = options.seed ?? randomSeed();
    watchers = await watchRun(options, `${algorithm.name}, ${mode}, ${devices} devices on ${options.transport}, seed ${seed}`, devices);
    if (mode === Mode.Stepping) commands = watchers.page?.commands ?? stepperInput();
    // Not while stepping: the stepper talks on stderr.
    bar = new Progress({
      enabled: !options.json && commands === undefined && onTerminal(),
    });
    bar.phase(`${algorithm.name}: starting ${devices} devices on ${options.transport}`);
    // The engine runs in a worker thread: a device that never yields cannot take Ctrl-C or the limit with it.
    const outcome = await runExerciseInWorker(
      {
        source,
        mode,
        devices,
        transport: options.transport,
        seed,
        faults: faultsOf(options),
        options: algorithmOptions,
        timeoutMs: options.timeout,
        amqpUrl: broker?.url,
        replicated: broker?.replicated,
        runId: options.runId,
        runtime: options.runtime,
        traceFile: options.trace,
        stepping: commands !== undefined,
        progress: bar.enabled,
        views: watchers.views,
      },
      {
        commands,
        say: watchers.say,
        onView: watchers.onView,
        // What devices print goes to stderr, under the progress line: stdout is for the report.
        print: (chunk) => {
          bar?.finish();
          process.stderr.write(chunk);
        },
        signal: interrupt.signal,
        onProgress: (progress) => bar?.phase(`${algorithm.name}: round ${progress.rounds}, ${progress.messages} messages`),
      },
    );
    bar.finish();
    await watchers.ended(outcome);
    process.stdout.write(options.json ? `${JSON.stringify(outcome.report)}\n` : humanReport(outcome, algorithm.describeResult));
    await watchers.close();
    if (outcome.report.check.passed === false)
      throw new CheckFailedError(`${algorithm.name} failed its check: ${outcome.report.check.details}`);
  } catch (error) {
    watchers?.failed(error);
    throw error;
  } finally {
    bar?.finish();
    interrupt.dispose();
    await watchers?.page?.close();
    commands?.close();
    await broker?.dispose();
    await bundle?.dispose();
  }
}

function humanReport(outcome: IsolatedOutcome, describe: Algorithm['describeResult']): string {
  const { report, statistics } = outcome;
  const lines: string[] = [];
  report.results.slice(0, RESULTS_SHOWN).forEach((result, device) => {
    const shown = describe ? describe(result) : shorten(JSON.stringify(result));
    lines.push(`\tDevice ${device}${outcome.crashed[device] ? ' (crashed)' : ''}: ${shown}`);
  });
  if (report.results.length > RESULTS_SHOWN) lines.push(`\t... and ${report.results.length - RESULTS_SHOWN} more devices`);
  lines.push(formatStatistics(statistics));
  if (report.ended === 'quiescent') {
    const waiting = report.waiting.length === 1 ? `device ${report.waiting[0] ?? ''} was` : `devices ${report.waiting.join(', ')} were`;
    lines.push(
      `Quiescent: ${waiting} still waiting, and nothing could happen any more (nothing in flight, nothing sent for a while); stopped`,
    );
  }
  const verdict = report.check.passed === null ? 'Not checked' : report.check.passed ? 'Check passed' : 'Check FAILED';
  lines.push(`${verdict}: ${report.check.details}`);
  const rate = outcome.elapsedMs > 0 ? Math.round((statistics.total / outcome.elapsedMs) * 1000) : 0;
  lines.push(
    `(${report.algorithm}, ${report.type}, ${report.devices} devices on ${report.transport}; seed ${report.seed}; run ${outcome.runId}; ` +
      `${outcome.elapsedMs.toFixed(1)} ms, ${rate} messages/s; trace ${report.traceHash.slice(0, 12)})`,
  );
  return `${lines.join('\n')}\n`;
}
