import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { amqpUrl } from '../support/broker.js';
import { runCli } from '../support/cli.js';
import { expectNothingLeft } from '../support/leaks.js';

const BROKEN = fileURLToPath(new URL('../fixtures/broken-consensus.js', import.meta.url));
const env = { AMQP_URL: amqpUrl(), FNSYNC_LOG: 'warn' };
const exercise = (args: string[], log = 'warn') => runCli(['exercise', ...args], { env: { ...env, FNSYNC_LOG: log }, killAfterMs: 60_000 });

describe('fnsync exercise: lectures 5 and 6 (the CLI)', () => {
  it.each([
    [
      ['--lecture', '6', '--algorithm', 'King', '--devices', '4', '--option', 'f=4'],
      '--option f: must be at most 3 (each phase needs a king)',
    ],
    [
      ['--lecture', '6', '--algorithm', 'SingleByzantine', '--devices', '4', '--option', 'byzantine=0,7'],
      '--option byzantine: device 7 does not exist (devices are 0-3)',
    ],
    [
      ['--lecture', '5', '--algorithm', 'ISISMulticast', '--devices', '4', '--option', 'messages=0'],
      '--option messages: must be a whole number from 1 to 50',
    ],
    [
      ['--lecture', '6', '--algorithm', 'Paxos', '--devices', '4', '--option', 'acceptors=2'],
      "--option: Paxos has no option 'acceptors' (its options: proposers, values)",
    ],
    [
      ['--lecture', '5', '--algorithm', 'COMulticast', '--devices', '4', '--crash', '1@2:x'],
      '--crash: must be DEVICE@ROUND (sync) or DEVICE@MS (async), e.g. 2@3, or 2@3:1',
    ],
  ])('refuses %j with one line naming the option, exit 2', async (args, expected) => {
    const ran = await exercise([...args, '--type', 'sync']);
    expect(ran.code).toBe(2);
    expect(ran.stderr.startsWith(`fnsync: ${expected}`), ran.stderr).toBe(true);
    expect(ran.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(ran.stdout).toBe('');
  });

  it("judges a user's file by the algorithm it is named after: the seed's FResilientConsensus fails, exit 1", async () => {
    // Seed 1: device 3 proposes the smallest value, and crashes in round 0 after telling device 0 only.
    const args = [
      '--lecture',
      '6',
      '--algorithm',
      'FResilientConsensus',
      '--type',
      'sync',
      '--devices',
      '5',
      '--seed',
      '1',
      '--crash',
      '3@0:1',
    ];
    const fixed = await exercise(args);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain(
      'Check passed: all 4 correct devices decided 28 by round 6, 1 crashed; agreement, validity and termination held',
    );
    expect(fixed.stdout).toContain('\tDevice 3 (crashed): {"proposal":28,"decided":false,"decision":null}');
    const broken = await exercise(['--file', BROKEN, ...args]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Check FAILED: agreement: device 0 decided 28, device 1 decided 55');
  });

  it('runs a reliable multicast on the broker under drops and leaves nothing there', async () => {
    const ran = await exercise(
      [
        '--lecture',
        '5',
        '--algorithm',
        'ReliableIPMulticast',
        '--type',
        'async',
        '--devices',
        '5',
        '--drop',
        '0.2',
        '--transport',
        'amqp',
        '--seed',
        '3',
      ],
      'info',
    );
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^Check passed: 15 messages multicast; every live device \(5 of 5\) delivered/m);
    const runId = /run ([0-9a-f]{8}): ReliableIPMulticast/.exec(ran.stderr)?.[1];
    expect(runId).toBeDefined();
    await expectNothingLeft(runId ?? '');
  });
});
