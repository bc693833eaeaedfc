import type { Command } from 'commander';
import { z } from 'zod';
import type { FaasTarget } from '../orchestrator/index.js';

/** Where the FaaS runtimes find the deployed functions: options every command that runs functions takes. */
export const FaasOptions = {
  lambdaEndpoint: z.url({ error: 'must be a URL' }).optional(),
  lambdaRegion: z.string().min(1).optional(),
  lambdaPrefix: z
    .string()
    .regex(/^[A-Za-z0-9-_]{1,50}$/, { error: 'must be letters, digits, - or _' })
    .optional(),
};

export function addFaasOptions(command: Command): Command {
  return command
    .option('--lambda-endpoint <url>', 'lambda runtime: Lambda API endpoint (default: $FNSYNC_LAMBDA_ENDPOINT, else AWS)')
    .option('--lambda-region <region>', 'lambda runtime: AWS region (default: $AWS_REGION, else us-east-1)')
    .option('--lambda-prefix <prefix>', 'lambda and openwhisk runtimes: deployed function name prefix (default: fnsync)');
}

export function faasTarget(options: { lambdaEndpoint?: string; lambdaRegion?: string; lambdaPrefix?: string }): FaasTarget {
  return { endpoint: options.lambdaEndpoint, region: options.lambdaRegion, functionPrefix: options.lambdaPrefix };
}
