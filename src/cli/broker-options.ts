import type { Command } from 'commander';
import { z } from 'zod';
import { collect } from './parse-options.js';

/** `--amqp` and `--replicated`, as every command that uses the broker takes them (parsed by BrokerOptions). */
export function addBrokerOptions(command: Command, { replicated = true } = {}): Command {
  command.option(
    '--amqp <url>',
    "RabbitMQ URL; repeat it, or separate URLs by commas, for a cluster's nodes (default: $AMQP_URL, else amqp://guest:guest@localhost:5672)",
    collect,
  );
  if (!replicated) return command;
  return command
    .option(
      '--replicated',
      'survive the loss of a broker node: quorum queues, acknowledged deliveries, reconnects (default: with several nodes)',
    )
    .option('--no-replicated', "one node's cheaper topology, even with several nodes");
}

/** The zod shape of addBrokerOptions' options, to spread into a command's schema. */
export const BrokerOptions = {
  amqp: z.array(z.string()).optional(),
  replicated: z.boolean().optional(),
};
