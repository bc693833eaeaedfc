#!/usr/bin/env node
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { ExitCode, logLevelProblem } from '../common/index.js';
import { installInterruptHandling } from './interrupt.js';
import { reportFailure } from './report-failure.js';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs (or when help lists them all):
 * `fnsync run` does not pay for loading the exercise engine, esbuild or the deploy tooling.
 */
const commands: Record<string, () => Promise<Register>> = {
  run: async () => (await import('./run-command.js')).registerRunCommand,
  exercise: async () => (await import('./exercise-command.js')).registerExerciseCommand,
  deploy: async () => (await import('./deploy-command.js')).registerDeployCommand,
  clean: async () => (await import('./clean-command.js')).registerCleanCommand,
  pow: async () => (await import('./pow-command.js')).registerPowCommand,
  view: async () => (await import('./view-command.js')).registerViewCommand,
  node: async () => (await import('./node-command.js')).registerNodeCommand,
  demo: async () => (await import('./demo-command.js')).registerDemoCommand,
};

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
installInterruptHandling();
const json = process.argv.includes('--json');
const badLevel = logLevelProblem();
if (badLevel !== undefined) process.stderr.write(`fnsync warn ${badLevel}\n`);

const program = new Command('fnsync')
  .description('Distributed algorithms as stateless serverless functions coordinating over RabbitMQ')
  .version(version, '-V, --version', 'print the version')
  .showHelpAfterError('(run with --help for usage)')
  .showSuggestionAfterError(true)
  // One prefix for every error, commander's own included.
  .configureOutput({ outputError: (text, write) => write(`fnsync: ${text.replace(/^error: /, '')}`) })
  .exitOverride();

try {
  const requested = process.argv[2];
  const load = requested !== undefined && requested in commands ? [requested] : Object.keys(commands);
  for (const name of load) (await commands[name]?.())?.(program);
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander already printed its one-line message; help and version exit 0.
    process.exitCode = error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    if (json && error.exitCode !== 0) {
      process.stdout.write(
        `${JSON.stringify({ error: { code: 'usage', exitCode: ExitCode.Usage, message: error.message.replace(/^error: /, '') } })}\n`,
      );
    }
  } else {
    process.exitCode = reportFailure(error, json);
  }
}
