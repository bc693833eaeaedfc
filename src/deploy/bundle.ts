import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfrastructureError, UsageError, messageOf } from '../common/index.js';
import { FAAS_ENTRY_MODULE, type FunctionRef } from '../orchestrator/index.js';

/** The file a bundle is written to inside its function's folder; the handler is `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';
export const LAMBDA_HANDLER = 'index.handler';
/** The Lambda runtime the bundles target. */
export const LAMBDA_NODE_RUNTIME = 'nodejs20.x';

/**
 * Bundles one fnsync function with the lambda entry into a single ES module that exports
 * `handler`: everything it imports (amqplib, zod, our code) is inside, so the deployment package is
 * one file. The bundle is ESM because our code is; amqplib is CommonJS and requires Node's
 * built-ins, which an ES module bundle can only do through a `require` made with createRequire.
 */
export async function bundleFunction(fn: FunctionRef, outFile: string): Promise<void> {
  if (!/^[A-Za-z_$][\w$]*$/.test(fn.export)) throw new UsageError(`'${fn.export}' is not an export name`);
  const modulePath = fn.module.startsWith('file:') ? fileURLToPath(fn.module) : fn.module;
  const contents = [
    `import { ${fn.export} as fnsyncHandler } from ${JSON.stringify(modulePath)};`,
    `import { createFaasHandler } from ${JSON.stringify(FAAS_ENTRY_MODULE)};`,
    'export const handler = createFaasHandler(fnsyncHandler);',
  ].join('\n');
  await mkdir(dirname(outFile), { recursive: true });
  // Loaded here, not at the top: the CLI's bundle would otherwise load esbuild on every start.
  const { build } = await import('esbuild');
  try {
    await build({
      stdin: { contents, resolveDir: dirname(modulePath), sourcefile: `lambda-${fn.export}.js`, loader: 'js' },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      outfile: outFile,
      banner: {
        js: "import { createRequire as __fnsyncCreateRequire } from 'node:module'; const require = __fnsyncCreateRequire(import.meta.url);",
      },
      legalComments: 'none',
      logLevel: 'silent',
    });
  } catch (error) {
    throw new InfrastructureError(`cannot bundle ${fn.export} from ${modulePath} (run npm run build first?): ${messageOf(error)}`, {
      cause: error,
    });
  }
}
