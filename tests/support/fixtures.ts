import { test as base } from 'vitest';
import { expectNothingLeft } from './leaks.js';
import { testRunId } from './run-ids.js';

export interface RunFixtures {
  /**
   * A fresh run id (`t-<tag>-...`); after the test, whatever happened in it, nothing named after
   * the run may be left on the broker or among the processes.
   */
  runId: (tag: string) => string;
}

/** `test` with a `runId` fixture that checks for leftovers after the test. */
export const test = base.extend<RunFixtures>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixtures a test uses from this pattern
  runId: async ({}, use) => {
    const ids: string[] = [];
    await use((tag) => {
      const id = testRunId(tag);
      ids.push(id);
      return id;
    });
    for (const id of ids) await expectNothingLeft(id);
  },
});
