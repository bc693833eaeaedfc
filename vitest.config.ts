import { defineConfig } from 'vitest/config';

/**
 * Tiers. `unit` needs neither a broker nor a build (npm run test:unit, seconds): state machines,
 * the exercise engine on memory, deploy against fakes. `integration` talks to the real RabbitMQ
 * and spawns the built CLI (npm test runs the build first, then every tier). `cluster` starts a
 * throwaway RabbitMQ cluster and loses nodes of it, after the others.
 */
export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.build/vitest.json' }]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // First, and apart from the integration tier, whose worker count differs.
          sequence: { groupOrder: 0 },
          testTimeout: 60_000,
          // No broker in this tier: the run fixture checks for left-over processes only.
          env: { FNSYNC_TEST_NO_MANAGEMENT: '1' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: ['tests/integration/cluster-failover.test.ts'],
          sequence: { groupOrder: 1 },
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // Two cores and one broker: files run two at a time, which keeps runs from starving each other.
          maxWorkers: 2,
        },
      },
      {
        test: {
          // Last and alone: three more RabbitMQ nodes on two cores would starve the other files' runs.
          name: 'cluster',
          include: ['tests/integration/cluster-failover.test.ts'],
          sequence: { groupOrder: 2 },
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
