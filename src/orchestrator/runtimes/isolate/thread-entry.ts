/**
 * The generic entry of an `isolate` invocation's thread, for functions without a prebuilt bundle:
 * imports the function named in workerData. Bundled functions start from worker-loader.cjs.
 */
import { workerData } from 'node:worker_threads';
import { loadHandler } from '../load-handler.js';
import { ThreadData } from './thread-data.js';
import { runThreadWorker } from './thread-core.js';

const data = ThreadData.parse(workerData);
runThreadWorker(data.invocationId, loadHandler({ module: data.module, export: data.export }));
