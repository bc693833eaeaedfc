// Starts a bundled function worker (dist/functions/<name>.worker.cjs) from V8's code cache when
// the cache matches this Node: parsing and compiling the bundle is most of an invocation's cold
// start after Node's own. A stale or foreign cache is rejected by V8 and simply not used.
// In a process (local): argv --fnsync-run <runId> --fnsync-invocation <id> <module> <export> <bundle>.
// In a worker thread (isolate): workerData { invocationId, bundle, ... }.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');
const { isMainThread, threadId, workerData } = require('node:worker_threads');

const bundle = isMainThread ? process.argv[process.argv.length - 1] : workerData.bundle;
const cacheFile = bundle.replace(/\.cjs$/, '.cache');
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// import() inside the bundle (a user's --file algorithm) goes to Node's own loader: a vm.Script has
// no dynamic-import callback of its own.
const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), {
  filename: bundle,
  cachedData,
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const loaded = { exports: {} };
script.runInThisContext()(loaded.exports, Module.createRequire(bundle), loaded, bundle, dirname(bundle));

if (process.env.FNSYNC_WRITE_CODE_CACHE === '1') {
  writeFileSync(cacheFile, script.createCachedData());
} else {
  // A training run (scripts/train-code-cache.mjs) writes the cache again once the handler returns:
  // it then holds every function the invocation compiled (connecting, the protocol), not only the
  // bundle's top level, and later workers do not compile them again. Renamed into place whole:
  // several workers of one run train the same file. A bundle built without a cache stays without.
  const returned =
    process.env.FNSYNC_TRAIN_CODE_CACHE === '1' && cachedData !== undefined
      ? () => {
          const trained = `${cacheFile}.${process.pid}.${threadId}`;
          writeFileSync(trained, script.createCachedData());
          renameSync(trained, cacheFile);
        }
      : undefined;
  if (isMainThread) loaded.exports.start(process.argv[5] ?? '?', returned);
  else loaded.exports.startThread(workerData.invocationId, returned);
}
