import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  deployedFunctionName,
  createLambdaClient,
  describeEndpoint,
  type FunctionRef,
  type ResolvedLambdaTarget,
} from '../orchestrator/index.js';
import { BUNDLE_FILE, LAMBDA_HANDLER, LAMBDA_NODE_RUNTIME, bundleFunction } from './bundle.js';
import { publishFunction, type FunctionSettings } from './publish-function.js';
import { createZip } from './zip.js';

export interface DeployOptions extends FunctionSettings {
  functions: readonly FunctionRef[];
  target: ResolvedLambdaTarget;
  /** Where the bundles and zips are written: `<outDir>/<name>/index.mjs` and `<outDir>/<name>.zip`. */
  outDir: string;
  /** Write the bundles and say what would happen, without calling the Lambda API. */
  dryRun: boolean;
  /** Progress, one line each. */
  report: (line: string) => void;
  /** What is happening now (a progress display); optional. */
  phase?: (what: string) => void;
}

export interface DeployedFunction {
  name: string;
  /** The folder with the bundle, usable as a serverless-offline handler folder (`<name>/index.handler`). */
  directory: string;
  zip: string;
  zipBytes: number;
  action: 'created' | 'updated' | 'dry-run';
}

/** Bundles every function, zips it, and creates or updates it on the target (unless a dry run). */
export async function deployFunctions(options: DeployOptions): Promise<DeployedFunction[]> {
  const outDir = resolve(options.outDir);
  const where = describeEndpoint(options.target);
  const client = options.dryRun ? undefined : await createLambdaClient(options.target);
  const deployed: DeployedFunction[] = [];
  try {
    for (const fn of options.functions) {
      const name = deployedFunctionName(options.target.functionPrefix, fn);
      const directory = join(outDir, name);
      const bundle = join(directory, BUNDLE_FILE);
      options.phase?.(`bundling ${name}`);
      await bundleFunction(fn, bundle);
      const zip = createZip([{ name: BUNDLE_FILE, data: await readFile(bundle) }]);
      const zipPath = join(outDir, `${name}.zip`);
      await writeFile(zipPath, zip);
      const size = `${(zip.length / 1024).toFixed(0)} kB`;
      if (client === undefined) {
        options.report(
          `would create or update '${name}' at ${where}: ${LAMBDA_NODE_RUNTIME}, handler ${LAMBDA_HANDLER}, ${options.memoryMb} MB, ` +
            `timeout ${options.timeoutSeconds} s, role ${options.roleArn ?? '(none given: needed to create)'}, async retries 0, code ${zipPath} (${size})`,
        );
        deployed.push({ name, directory, zip: zipPath, zipBytes: zip.length, action: 'dry-run' });
        continue;
      }
      options.phase?.(`publishing ${name} to ${where} (${size}) and waiting until it is active`);
      const action = await publishFunction(client, name, zip, options);
      options.report(`${action} '${name}' at ${where} (${size})`);
      deployed.push({ name, directory, zip: zipPath, zipBytes: zip.length, action });
    }
  } finally {
    client?.destroy();
  }
  return deployed;
}
