#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
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
};

const program = new Command('fnsync')
  .description('Distributed algorithms as stateless serverless functions coordinating over RabbitMQ')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

try {
  const requested = process.argv[2];
  const load = requested !== undefined && requested in commands ? [requested] : Object.keys(commands);
  for (const name of load) (await commands[name]?.())?.(program);
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander already printed its one-line message; help and version exit 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportFailure(error);
  }
}
