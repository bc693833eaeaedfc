#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerRunCommand } from './run-command.js';
import { registerExerciseCommand } from './exercise-command.js';
import { registerDeployCommand } from './deploy-command.js';
import { reportFailure } from './report-failure.js';

const program = new Command('fnsync')
  .description('Distributed algorithms as stateless serverless functions coordinating over RabbitMQ')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerRunCommand(program);
registerExerciseCommand(program);
registerDeployCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander already printed its one-line message; help and version exit 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportFailure(error);
  }
}
