import { describe, expect, it } from 'vitest';
import { amqpUrl } from '../support/broker.js';
import { runCli } from '../support/cli.js';
import { fixtureFile } from '../support/exercise-run.js';
import { expectNothingLeft } from '../support/leaks.js';

const exercise = (args: string[], input?: string, log = 'warn') =>
  runCli(['exercise', ...args], { env: { AMQP_URL: amqpUrl(), FNSYNC_LOG: log }, ...(input === undefined ? {} : { input }) });

describe('fnsync exercise: lectures 2, 4 and 7 from the command line', () => {
  it.each([
    [
      ['--lecture', '4', '--algorithm', 'Centralised', '--devices', '3', '--option', 'entires=2'],
      /^fnsync: --option: Centralised has no option 'entires' \(its options: entries\)\n$/,
    ],
    [
      ['--lecture', '4', '--algorithm', 'SuzukiKasami', '--devices', '3', '--option', 'entries=0'],
      /^fnsync: --option entries: must be a whole number from 1 to 100\n$/,
    ],
    [
      ['--lecture', '2', '--algorithm', 'RipCommunication', '--devices', '4', '--option', 'topology=0-1,2-3'],
      /^fnsync: --option topology: not connected: devices 2, 3 cannot reach device 0\n$/,
    ],
    [
      ['--lecture', '7', '--algorithm', 'ChangRoberts', '--devices', '5', '--crash', '7@2'],
      /^fnsync: --crash: device 7 does not exist \(devices are 0-4\)\n$/,
    ],
    [
      ['--lecture', '7', '--algorithm', 'Bully', '--devices', '5', '--option', 'initiators=9'],
      /^fnsync: --option initiators: device 9 does not exist \(devices are 0-4\)\n$/,
    ],
    [
      ['--lecture', '4', '--algorithm', 'HeartbeatTokenRing', '--devices', '3', '--option', 'join=0,1,2'],
      /^fnsync: --option join: at least one device must start in the ring\n$/,
    ],
  ])('refuses bad options with one line naming the option, exit 2: %j', async (args, expected) => {
    const ran = await exercise([...args, '--type', 'sync', '--transport', 'amqp']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(expected);
    expect(ran.stdout).toBe('');
  });

  it("prints the seed's figures for ChangRoberts: 5 devices in sync, 14 messages in 10 rounds", async () => {
    const ran = await exercise(['--lecture', '7', '--algorithm', 'ChangRoberts', '--type', 'sync', '--devices', '5', '--seed', '1']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('Total messages sent: 14');
    expect(ran.stdout).toContain('Rounds: 10');
    expect(ran.stdout).toMatch(/^Check passed: all 5 live devices know leader 4, the highest live id; 14 messages/m);
  });

  it('takes options, and steps from a pipe', async () => {
    const ran = await exercise(
      [
        '--lecture',
        '4',
        '--algorithm',
        'RicartAgrawala',
        '--type',
        'stepping',
        '--devices',
        '3',
        '--seed',
        '2',
        '--option',
        'entries=1',
        '--json',
      ],
      'queue\nstep\nff\nexit\n',
    );
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toMatch(/^\d+ in flight:$/m);
    expect(JSON.parse(ran.stdout)).toMatchObject({ options: { entries: 1 }, messages: { total: 12 }, check: { passed: true } });
  });

  it('judges a user file named after a registered algorithm with its checker: exit 1 on RabbitMQ, and nothing left', async () => {
    const ran = await exercise(
      [
        '--file',
        fixtureFile('broken-mutex.js'),
        '--lecture',
        '4',
        '--algorithm',
        'Centralised',
        '--type',
        'async',
        '--devices',
        '5',
        '--transport',
        'amqp',
      ],
      undefined,
      'info',
    );
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(
      /^Check FAILED: devices \d and \d were inside the critical section at once: \d entered at seq \d+ while \d had been inside since seq \d+/m,
    );
    const runId = /run ([0-9a-f]{8}): Centralised/.exec(ran.stderr)?.[1];
    expect(runId).toBeDefined();
    await expectNothingLeft(runId ?? '');
  });
});
