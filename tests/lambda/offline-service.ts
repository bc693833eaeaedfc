/**
 * The serverless-offline service the lambda tests run against: which functions are deployed
 * under which names, shared by the global setup (which deploys them) and the tests.
 */
import { fileURLToPath } from 'node:url';
import type { FunctionRef } from '../../src/orchestrator/index.js';

/** The synchronizer's functions, deployed with `fnsync deploy --dry-run --lambda-prefix` this. */
export const TEST_PREFIX = 'fnsync-test';
/** A prefix whose master and slave are the failing fixture. */
export const BROKEN_PREFIX = 'fnsync-broken';
/** A prefix nothing is deployed under. */
export const MISSING_PREFIX = 'fnsync-missing';

const fixtures = fileURLToPath(new URL('./fixtures/test-functions.ts', import.meta.url));
export const ECHO_FUNCTION: FunctionRef = { module: fixtures, export: 'echoHandler' };
export const FAILING_FUNCTION: FunctionRef = { module: fixtures, export: 'failingHandler' };
export const SLEEPY_FUNCTION: FunctionRef = { module: fixtures, export: 'sleepyHandler' };

/** Set by the global setup for the test workers. */
export function lambdaEndpoint(): string {
  const endpoint = process.env.FNSYNC_TEST_LAMBDA_ENDPOINT;
  if (endpoint === undefined) throw new Error('FNSYNC_TEST_LAMBDA_ENDPOINT is not set: run these tests with npm run test:lambda');
  return endpoint;
}
