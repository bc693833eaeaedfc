/**
 * The generic entry of a `local` invocation: `node worker.js --fnsync-run <runId>
 * --fnsync-invocation <id> <module> <export>` imports the function named on its command line.
 * Functions with a prebuilt bundle (see bundle-workers.ts) start from that instead.
 */
import { loadHandler } from '../load-handler.js';
import { runProcessWorker } from './worker-core.js';

const [, , , , , invocationId = '?', module = '', exportName = ''] = process.argv;
runProcessWorker(invocationId, loadHandler({ module, export: exportName }));
