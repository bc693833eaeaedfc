import { describe, expect } from 'vitest';
import { BrokerConnection, PublishError } from '../../src/transport/index.js';
import { amqpUrl } from '../support/broker.js';
import { test } from '../support/fixtures.js';

describe('flush() after a message the broker could not route', () => {
  test('fails once, naming the missing queue, and later messages are judged on their own', async ({ runId }) => {
    const id = runId('flush');
    const connection = await BrokerConnection.connect({ url: amqpUrl(), name: `fnsync.${id}.sender` });
    try {
      const queue = await connection.declareExclusiveQueue();
      connection.sendToQueue(`fnsync.${id}.nobody`, { hello: 1 });
      connection.sendToQueue(queue, { hello: 2 });
      const failure = await connection.flush().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(PublishError);
      expect((failure as Error).message).toContain(`fnsync.${id}.nobody`);

      connection.sendToQueue(queue, { hello: 3 });
      await expect(connection.flush()).resolves.toBeUndefined();
      await expect(connection.flush()).resolves.toBeUndefined();
    } finally {
      await connection.close();
    }
  });
});
