// Build step, after bundle-workers and bundle-cli: runs the synchronizer and the proof of work once,
// small, with FNSYNC_TRAIN_CODE_CACHE=1, so that the worker bundles' code caches hold what an
// invocation compiles (amqplib's connection, the protocol), not only their top level: a cold start
// then compiles almost nothing. It needs a broker (AMQP_URL, else localhost); without one the
// caches stay as bundle-workers made them, and functions only start a little slower.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const url = process.env.AMQP_URL ?? 'amqp://guest:guest@localhost:5672';
/** A training run is a few hundred milliseconds; this bounds one on a slow or silent broker. */
const RUN_TIMEOUT_MS = 30_000;

const runs = [
  { trains: 'master, slave', args: ['run', '--slaves', '3'] },
  { trains: 'pow-coordinator, pow-worker', args: ['pow', '--workers', '2', '--nonce', '1,2,3,4@2'] },
];

for (const run of runs) {
  // --amqp names the broker, so the CLI never starts a container for it.
  const result = spawnSync(process.execPath, [cli, ...run.args, '--runtime', 'isolate', '--amqp', url, '--json'], {
    env: { ...process.env, FNSYNC_TRAIN_CODE_CACHE: '1' },
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
  });
  if (result.status === 0) continue;
  const why = result.error?.message ?? (result.stderr.trim().split('\n').at(-1) || `exit ${result.status ?? result.signal}`);
  console.warn(`code caches of ${run.trains} not trained (cold starts compile more): ${why}`);
}
