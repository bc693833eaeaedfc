import { describe, expect } from 'vitest';
import { BrokerConnection } from '../../src/transport/index.js';
import { amqpUrl } from '../support/broker.js';
import { test } from '../support/fixtures.js';

/** The test broker's URL with `localhost` for its host, when it runs on this machine. */
function byName(): string | undefined {
  const url = new URL(amqpUrl());
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return undefined;
  url.hostname = 'localhost';
  return url.toString();
}

describe('the broker address functions on this machine are given', () => {
  test.skipIf(byName() === undefined)('is the address the connection reached, not its name', async ({ runId }) => {
    const named = byName() ?? '';
    const connection = await BrokerConnection.connect({ url: named, name: `test-${runId('addr')}` });
    try {
      const resolved = new URL(connection.resolvedUrl);
      const given = new URL(named);
      expect(['127.0.0.1', '[::1]']).toContain(resolved.hostname);
      expect([resolved.port, resolved.username, resolved.password, resolved.pathname]).toEqual([
        given.port,
        given.username,
        given.password,
        given.pathname,
      ]);
    } finally {
      await connection.close();
    }
  });

  test("is left as given for a cluster's URLs", async ({ runId }) => {
    const cluster = `${amqpUrl()},${amqpUrl()}`;
    const connection = await BrokerConnection.connect({ url: cluster, name: `test-${runId('addr')}` });
    try {
      expect(connection.resolvedUrl).toBe(cluster);
    } finally {
      await connection.close();
    }
  });
});
