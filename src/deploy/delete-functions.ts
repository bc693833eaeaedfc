import { InfrastructureError } from '../common/index.js';
import {
  createLambdaClient,
  deployedFunctionName,
  describeEndpoint,
  loadLambdaSdk,
  type FunctionRef,
  type ResolvedLambdaTarget,
} from '../orchestrator/index.js';
import { describeLambdaError } from './publish-function.js';

export interface DeleteOptions {
  functions: readonly FunctionRef[];
  target: ResolvedLambdaTarget;
  /** Say what would be deleted, without calling the Lambda API. */
  dryRun: boolean;
  /** Progress, one line each. */
  report: (line: string) => void;
}

/** `fnsync deploy --delete`: removes the deployed functions; one that is not there is said, not an error. */
export async function deleteFunctions(options: DeleteOptions): Promise<{ name: string; action: 'deleted' | 'absent' | 'dry-run' }[]> {
  const where = describeEndpoint(options.target);
  const names = options.functions.map((fn) => deployedFunctionName(options.target.functionPrefix, fn));
  if (options.dryRun) {
    for (const name of names) options.report(`would delete '${name}' at ${where}`);
    return names.map((name) => ({ name, action: 'dry-run' }));
  }
  const { DeleteFunctionCommand } = await loadLambdaSdk();
  const client = await createLambdaClient(options.target);
  const done: { name: string; action: 'deleted' | 'absent' }[] = [];
  try {
    for (const name of names) {
      try {
        await client.send(new DeleteFunctionCommand({ FunctionName: name }));
        options.report(`deleted '${name}' at ${where}`);
        done.push({ name, action: 'deleted' });
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) {
          throw new InfrastructureError(`cannot delete the Lambda function '${name}': ${describeLambdaError(error)}`, { cause: error });
        }
        options.report(`'${name}' is not deployed at ${where}: nothing to delete`);
        done.push({ name, action: 'absent' });
      }
    }
  } finally {
    client.destroy();
  }
  return done;
}
