import { parseArgs } from 'node:util';

export interface BenchArgs {
  quick: boolean;
  reps: number;
  json: boolean;
  amqpUrl: string;
  /** Where latest.json and the SVG go. */
  outDir: string;
  /** Only these parts (floor, sync, cli, exercise); all when empty. */
  only: string[];
  /** Re-render the table and the SVG from this results file instead of measuring. */
  render?: string;
}

export const USAGE = `usage: npm run bench -- [--quick] [--reps N] [--json] [--amqp URL] [--out DIR] [--only floor,sync,cli,exercise]
  --quick      smoke run within a minute: fewer N, smaller counts, 1 repetition; writes .build/bench-results/
  --reps N     repetitions of every measurement (default 3; 1 with --quick)
  --json       print the results object on stdout instead of the table
  --amqp URL   the broker (default: $AMQP_URL, else amqp://guest:guest@127.0.0.1:5672)
  --out DIR    where latest.json and protocol-vs-n.svg go (default: bench/results)
  --only LIST  measure only some parts; the floor is always measured (the ratios need it)
  --render F   measure nothing: print the table of results file F and rewrite the SVG next to it
The management API (for the broker's fd limit) is $FNSYNC_MGMT_URL, else http://<amqp host>:15672.`;

export function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      json: { type: 'boolean', default: false },
      amqp: { type: 'string' },
      out: { type: 'string' },
      only: { type: 'string' },
      render: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const reps = values.reps === undefined ? (values.quick ? 1 : 3) : Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1 || reps > 50)
    throw new Error(`--reps must be a whole number from 1 to 50, not '${values.reps ?? ''}'`);
  const only = (values.only ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const part of only)
    if (!['floor', 'sync', 'cli', 'exercise'].includes(part))
      throw new Error(`--only: unknown part '${part}' (floor, sync, cli, exercise)`);
  return {
    quick: values.quick,
    reps,
    json: values.json,
    amqpUrl: values.amqp ?? env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    outDir: values.out ?? (values.quick ? '.build/bench-results' : 'bench/results'),
    only,
    ...(values.render === undefined ? {} : { render: values.render }),
  };
}
