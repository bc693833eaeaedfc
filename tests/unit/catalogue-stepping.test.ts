import { describe, expect, it } from 'vitest';
import { scriptedSource } from '../../src/emulator/index.js';
import { algorithms } from '../../src/exercises/index.js';
import { runRegistered } from '../support/exercise-run.js';

const catalogue = algorithms
  .filter((a) => a.lecture === 2 || a.lecture === 4 || a.lecture === 7)
  .map((a) => [a.lecture ?? 0, a.name] as const);

describe('stepping, as from a pipe', () => {
  it.each(catalogue)('lecture %i %s: queue, step, pick, fast-forward and exit drive it to a passing end', async (lecture, name) => {
    const said: string[] = [];
    const commands = scriptedSource(['queue', 'step', 'pick 1', 'ff 3', 'step', 'exit']);
    const { report } = await runRegistered(lecture, name, {
      devices: 4,
      mode: 'stepping',
      seed: 2,
      commands,
      say: (line) => said.push(line),
    });
    expect(
      said.some((line) => /^\d+ in flight:$/.test(line)),
      said.join('\n'),
    ).toBe(true);
    expect(said).toContain('stepping ends (exit); running to the end');
    expect(report.check, name).toMatchObject({ passed: true });
  });
});

describe('stepping in async holds messages while time goes on', () => {
  it('so that Bully, which assumes answers come in time, elects two leaders: the checker says so', async () => {
    // Device 0's answers wait in the stepper while async ticks pass: it takes the silence for
    // the crash of everybody above it, and proclaims itself.
    const commands = scriptedSource(['queue', 'step', 'pick 1', 'ff 3', 'swap', 'step', 'swap', 'exit']);
    const { report } = await runRegistered(7, 'Bully', { devices: 4, mode: 'stepping', seed: 2, commands });
    expect(report.check.passed).toBe(false);
    expect(report.check.details).toMatch(/^2 leaders: 0 follow 0; 1, 2, 3 follow 3/);
  });
});
