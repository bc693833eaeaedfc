import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/lambda/**', 'node_modules/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores and one broker: files run two at a time, which keeps runs from starving each other.
    maxWorkers: 2,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.build/vitest.json' }]] : ['default'],
  },
});
