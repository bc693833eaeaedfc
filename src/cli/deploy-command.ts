import type { Command } from 'commander';
import { z } from 'zod';
import {
  DEFAULT_FUNCTION_PREFIX,
  DEFAULT_LAMBDA_REGION,
  MASTER_FUNCTION,
  SLAVE_FUNCTION,
  resolveLambdaTarget,
} from '../orchestrator/index.js';
import { COORDINATOR_FUNCTION, WORKER_FUNCTION } from '../pow/index.js';
import { integerText, parseOptions } from './parse-options.js';
import { Progress, onTerminal } from './progress.js';

const DEFAULT_OUT_DIR = '.fnsync/lambda';
/** Everything fnsync runs as a function: the synchronizer's master and slave, and pow's coordinator and worker. */
const FUNCTIONS = [MASTER_FUNCTION, SLAVE_FUNCTION, COORDINATOR_FUNCTION, WORKER_FUNCTION];
const DEFAULT_MEMORY_MB = 1024;
const DEFAULT_FUNCTION_TIMEOUT_S = 300;

const wholeNumber = (min: number, max: number, unit: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? integerText(v) : v),
    z
      .number({ error: `must be a whole number of ${unit} from ${min} to ${max}` })
      .int({ error: `must be a whole number of ${unit}` })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` }),
  );

const DeployOptions = z.strictObject({
  runtime: z.enum(['lambda'], { error: 'must be lambda (the only platform fnsync deploys to so far)' }).default('lambda'),
  lambdaEndpoint: z.url({ error: 'must be a URL' }).optional(),
  lambdaRegion: z
    .string()
    .regex(/^[a-z0-9-]{1,30}$/, { error: 'must be a region name such as eu-west-1' })
    .optional(),
  lambdaPrefix: z
    .string()
    .regex(/^[A-Za-z0-9-_]{1,50}$/, { error: 'must be letters, digits, - or _' })
    .optional(),
  lambdaRole: z
    .string()
    .regex(/^arn:[\w-]+:iam::\d{12}:role\/\S+$/, { error: 'must be an IAM role ARN (arn:aws:iam::123456789012:role/name)' })
    .optional(),
  // AWS Lambda's own limits.
  memory: wholeNumber(128, 10_240, 'MB').default(DEFAULT_MEMORY_MB),
  functionTimeout: wholeNumber(1, 900, 'seconds').default(DEFAULT_FUNCTION_TIMEOUT_S),
  outDir: z.string().min(1).default(DEFAULT_OUT_DIR),
  dryRun: z.boolean().default(false),
  delete: z.boolean().default(false),
});

export function registerDeployCommand(program: Command): void {
  program
    .command('deploy')
    .description(
      "bundle fnsync's functions (the synchronizer's master and slave, pow's coordinator and worker) with esbuild and create or update them on a FaaS platform, or --delete them",
    )
    .option('--runtime <name>', 'platform to deploy to: lambda', 'lambda')
    .option(
      '--lambda-endpoint <url>',
      `Lambda API endpoint (default: $FNSYNC_LAMBDA_ENDPOINT, else $AWS_ENDPOINT_URL_LAMBDA, else AWS for the region)`,
    )
    .option('--lambda-region <region>', `AWS region (default: $AWS_REGION, else $AWS_DEFAULT_REGION, else ${DEFAULT_LAMBDA_REGION})`)
    .option(
      '--lambda-prefix <prefix>',
      `function names are <prefix>-master and <prefix>-slave (default: $FNSYNC_LAMBDA_PREFIX, else ${DEFAULT_FUNCTION_PREFIX})`,
    )
    .option('--lambda-role <arn>', 'execution role ARN, needed to create the functions (default: $FNSYNC_LAMBDA_ROLE)')
    .option('--memory <mb>', 'memory of each function in MB (128-10240)', String(DEFAULT_MEMORY_MB))
    .option(
      '--function-timeout <s>',
      'hard time limit of one invocation in seconds (1-900); each function also gives up by itself after the run timeout',
      String(DEFAULT_FUNCTION_TIMEOUT_S),
    )
    .option('--out-dir <dir>', 'where the bundles (<dir>/<name>/index.mjs) and zips (<dir>/<name>.zip) are written', DEFAULT_OUT_DIR)
    .option('--dry-run', 'write the bundles and zips and print what would be done, without calling the Lambda API', false)
    .option(
      '--delete',
      'remove the deployed functions (<prefix>-master, -slave, -pow-coordinator, -pow-worker) instead of deploying them',
      false,
    )
    .addHelpText(
      'after',
      '\nCredentials come from the AWS SDK chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance role), never from flags.\nSee docs/lambda.md.',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(DeployOptions, raw);
      const target = resolveLambdaTarget({
        endpoint: options.lambdaEndpoint,
        region: options.lambdaRegion,
        functionPrefix: options.lambdaPrefix,
      });
      const roleArn = options.lambdaRole ?? nonEmpty(process.env.FNSYNC_LAMBDA_ROLE);
      // Loaded here, not at start-up: esbuild and the AWS SDK would slow down every other command.
      const { deleteFunctions, deployFunctions } = await import('../deploy/index.js');
      const bar = new Progress({ enabled: onTerminal() });
      const report = (line: string): void => {
        bar.finish();
        process.stdout.write(`${line}\n`);
      };
      if (options.delete) {
        await deleteFunctions({ functions: FUNCTIONS, target, dryRun: options.dryRun, report });
        return;
      }
      await deployFunctions({
        functions: FUNCTIONS,
        target,
        outDir: options.outDir,
        dryRun: options.dryRun,
        roleArn,
        memoryMb: options.memory,
        timeoutSeconds: options.functionTimeout,
        report,
        phase: (what) => bar.phase(what),
      });
      bar.finish();
    });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
