import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const exercise = (...args: string[]): string[] => ['exercise', ...args];

describe('fnsync exercise with the systems of lectures 8-12 (the CLI)', () => {
  it.each([
    [
      ['--lecture', '8', '--algorithm', 'GfsNetwork', '--devices', '7', '--option', 'replicas=9'],
      /^fnsync: --option replicas: 9 replicas need at least 9 chunkservers, not 4\n$/,
    ],
    [
      ['--lecture', '9', '--algorithm', 'MapReduceNetwork', '--devices', '6', '--option', 'corpus=/no/such/folder'],
      /^fnsync: --option corpus: \/no\/such\/folder is not a folder\n$/,
    ],
    [
      ['--lecture', '11', '--algorithm', 'ChordNetwork', '--devices', '70'],
      /^fnsync: --devices: ChordNetwork's 6-bit ring has 64 addresses: at most 65 devices/,
    ],
    [
      ['--lecture', '10', '--algorithm', 'BlockchainNetwork', '--devices', '4', '--option', 'length=1'],
      /^fnsync: --option length: must be a whole number from 2 to 200\n$/,
    ],
  ])('refuses %j with one line naming the option, exit 2', async (args, expected) => {
    const ran = await runCli(exercise(...args, '--type', 'sync'));
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(expected);
    expect(ran.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(ran.stdout).toBe('');
  });

  it('--list shows the systems and their options', async () => {
    const ran = await runCli(['exercise', '--list']);
    expect(ran.code).toBe(0);
    for (const name of ['GfsNetwork', 'MapReduceNetwork', 'BlockchainNetwork', 'ChordNetwork', 'AodvNode'])
      expect(ran.stdout).toMatch(new RegExp(`^lecture +\\d+ +${name} `, 'm'));
    expect(ran.stdout).toMatch(/--option corpus: the texts to count: andersen/);
  });

  it('prints a summary: one short line per device and the statistics, not the word counts', async () => {
    const ran = await runCli(
      exercise('--lecture', '9', '--algorithm', 'MapReduceNetwork', '--type', 'sync', '--devices', '6', '--seed', '1'),
    );
    expect(ran.code, ran.stderr).toBe(0);
    const lines = ran.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThan(20);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(300);
    expect(ran.stdout).toMatch(/Device 0: client: 6 files, 7471 words, 1363 distinct in 3 result files; most frequent: the 573/);
    expect(ran.stdout).toMatch(/Check passed: 6 files, 7471 words, 1363 distinct: the output equals a sequential count word for word/);
  });

  it('judges a student file named after a system with its checker (--file), exit 1 when broken', async () => {
    const file = fileURLToPath(new URL('../fixtures/broken-chord.js', import.meta.url));
    const ran = await runCli(
      exercise('--file', file, '--lecture', '11', '--algorithm', 'ChordNetwork', '--type', 'async', '--devices', '8', '--option', 'keys=8'),
    );
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/Check FAILED: device \d+ \(id \d+\) was given finger/);
  });

  it('steps from a pipe', async () => {
    const ran = await runCli(
      exercise('--lecture', '12', '--algorithm', 'AodvNode', '--type', 'stepping', '--devices', '4', '--seed', '2'),
      {
        input: 'step\nqueue\nstep\nff 2\nexit\n',
      },
    );
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toMatch(/in flight/);
    expect(ran.stdout).toMatch(/Check passed: 4 devices/);
  });
});
