// Build step: one self-contained ES module per function that `local` invocations start from.
// A worker process then parses one minified file instead of resolving and compiling hundreds of
// modules (zod and amqplib among them): the cold start of every local invocation.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const functions = [
  { name: 'master', module: 'master/index.js', export: 'masterHandler' },
  { name: 'slave', module: 'slave/index.js', export: 'slaveHandler' },
  { name: 'device', module: 'emulator/amqp-device.js', export: 'amqpDeviceHandler' },
];

await Promise.all(
  functions.map((fn) =>
    build({
      stdin: {
        contents: [
          `import { runWorker } from './orchestrator/worker-core.js';`,
          `import { ${fn.export} } from './${fn.module}';`,
          // argv: --fnsync-run <runId> --fnsync-invocation <id> ... (as the generic worker's)
          `runWorker(process.argv[5] ?? '?', Promise.resolve(${fn.export}));`,
        ].join('\n'),
        resolveDir: dist,
        sourcefile: `${fn.name}-worker.js`,
        loader: 'js',
      },
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      outfile: `${dist}functions/${fn.name}.worker.mjs`,
      // amqplib is CommonJS and requires Node's built-ins; an ES module bundle needs a require for that.
      banner: { js: "import { createRequire as __fnsyncRequire } from 'node:module'; const require = __fnsyncRequire(import.meta.url);" },
      legalComments: 'none',
      logLevel: 'warning',
    }),
  ),
);
