import { defineConfig } from 'vitest/config';

/**
 * `npm run test:lambda`: the lambda runtime and `fnsync deploy` for real against serverless-offline,
 * which the global setup starts and stops. Kept out of the default `npm test` (slower, and it
 * needs the build: the functions are bundled from dist/ by the CLI).
 */
export default defineConfig({
  test: {
    include: ['tests/lambda/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts', 'tests/lambda/serverless-offline-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One serverless-offline and one broker; the leak checks look at every fnsync.* name, so files
    // run one at a time.
    fileParallelism: false,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.build/vitest-lambda.json' }]] : ['default'],
  },
});
