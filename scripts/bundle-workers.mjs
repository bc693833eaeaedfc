// Build step: one self-contained CommonJS bundle per function that `local` (a process) and
// `isolate` (a worker thread) invocations start from, through worker-loader.cjs, with a V8 code
// cache made here. A worker then loads one minified, precompiled file instead of resolving and
// compiling hundreds of modules (zod and amqplib among them): that is the cold start of every
// invocation. The bundle exports `start` for a process and `startThread` for a thread.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const out = `${dist}functions/`;
const loader = `${out}worker-loader.cjs`;
const functions = [
  { name: 'master', module: 'master/index.js', export: 'masterHandler' },
  { name: 'slave', module: 'slave/index.js', export: 'slaveHandler' },
  { name: 'pow-coordinator', module: 'pow/coordinator-handler.js', export: 'powCoordinatorHandler' },
  { name: 'pow-worker', module: 'pow/worker-handler.js', export: 'powWorkerHandler' },
  // No code cache for devices: V8 drops a vm.Script's dynamic-import callback for code it restores
  // from a cache, and a device imports a user's --file algorithm with import().
  { name: 'device', module: 'emulator/amqp-device.js', export: 'amqpDeviceHandler', noCodeCache: true },
];

mkdirSync(out, { recursive: true });
copyFileSync(fileURLToPath(new URL('./worker-loader.cjs', import.meta.url)), loader);

for (const fn of functions) {
  const bundle = `${out}${fn.name}.worker.cjs`;
  await build({
    stdin: {
      contents: [
        `import { runProcessWorker } from './orchestrator/runtimes/local/worker-core.js';`,
        `import { runThreadWorker } from './orchestrator/runtimes/isolate/thread-core.js';`,
        `import { ${fn.export} } from './${fn.module}';`,
        `export function start(invocationId, returned) { runProcessWorker(invocationId, Promise.resolve(${fn.export}), returned); }`,
        `export function startThread(invocationId, returned) { runThreadWorker(invocationId, Promise.resolve(${fn.export}), returned); }`,
      ].join('\n'),
      resolveDir: dist,
      sourcefile: `${fn.name}-worker.js`,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: bundle,
    // Loaded only for users' --file algorithms, from node_modules; its binary cannot be bundled.
    external: ['esbuild'],
    // Module paths computed from import.meta.url are not used inside a worker; give them a value.
    define: { 'import.meta.url': '__fnsyncModuleUrl' },
    banner: { js: "const __fnsyncModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    legalComments: 'none',
    logLevel: 'warning',
  });
  if (!fn.noCodeCache) {
    execFileSync(process.execPath, [loader, bundle], { env: { ...process.env, FNSYNC_WRITE_CODE_CACHE: '1' }, stdio: 'inherit' });
  }
}
