import { describe, expect } from 'vitest';
import { BrokerConnection } from '../../src/transport/index.js';
import { amqpUrl, brokerLeakChecks } from '../support/broker.js';
import { runCli } from '../support/cli.js';
import { test } from '../support/fixtures.js';
import { brokerObjects } from '../support/leaks.js';

describe.runIf(brokerLeakChecks())('fnsync clean', () => {
  test('removes what a dead run left, says what it removed, and touches nothing else', async ({ runId }) => {
    const dead = runId('dead');
    const live = runId('live');
    const admin = await BrokerConnection.connect({ url: amqpUrl(), name: `test-clean-admin-${dead}` });
    const running = await BrokerConnection.connect({ url: amqpUrl(), name: `fnsync.${live}.worker` });
    try {
      // What a CLI killed mid-run leaves: its master queue (until it expires) and an exchange nobody bound.
      await admin.declareQueue(`fnsync.${dead}.master`, 600_000);
      await admin.declareFanout(`fnsync.${dead}.bus`);
      await admin.declareQueue(`not-fnsync-${dead}`, 600_000);
      await running.declareNamedExclusiveQueue(`fnsync.${live}.inbox`);
      // The management API lists a new connection at its next statistics refresh: clean watches for that.

      const dry = await runCli(['clean', '--dry-run', '--amqp', amqpUrl()]);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain(`would remove queue fnsync.${dead}.master`);
      expect(dry.stdout).toContain(`would remove exchange fnsync.${dead}.bus`);
      expect(dry.stdout).not.toContain(live);
      expect(dry.stdout).not.toContain(`not-fnsync-${dead}`);

      const ran = await runCli(['clean', '--run-id', dead, '--watch', '0s', '--amqp', amqpUrl()]);
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.stdout).toBe(
        `removed queue fnsync.${dead}.master\nremoved exchange fnsync.${dead}.bus\ncleaned 1 queue(s), 1 exchange(s), 0 connection(s) of 1 run(s) at amqp://guest:***@127.0.0.1:5672\n`,
      );
      expect(await brokerObjects(`fnsync.${dead}.`)).toEqual({ queues: [], exchanges: [], connections: [] });
      expect((await brokerObjects(`fnsync.${live}.`)).queues).toEqual([`fnsync.${live}.inbox`]);
      expect((await brokerObjects(`not-fnsync-${dead}`)).queues).toEqual([`not-fnsync-${dead}`]);

      // A run that hangs: --older-than closes its connections (and its exclusive queue goes with them).
      const old = await runCli(['clean', '--run-id', live, '--older-than', '0s', '--watch', '0s', '--json', '--amqp', amqpUrl()]);
      expect(old.code, old.stderr).toBe(0);
      expect(JSON.parse(old.stdout)).toMatchObject({ runs: [live], connections: [{ connectionName: `fnsync.${live}.worker` }] });
    } finally {
      await admin.deleteQueue(`not-fnsync-${dead}`);
      await admin.close();
      await running.close();
    }
  });
});
