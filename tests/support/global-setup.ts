import { connect } from 'amqplib';
import type { TestProject } from 'vitest/node';

/**
 * Makes sure a broker is there before any test runs: AMQP_URL or localhost when it answers,
 * else a RabbitMQ 4 container with the management plugin (testcontainers, when Docker exists).
 */
export default async function setup(_project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  try {
    const connection = await connect(url, { timeout: 3000 });
    await connection.close();
    process.env.AMQP_URL = url;
    return undefined;
  } catch (error) {
    if (process.env.AMQP_URL) throw new Error(`AMQP_URL does not answer: ${(error as Error).message}`);
  }
  const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
  const container = await new RabbitMQContainer('rabbitmq:4-management').start();
  process.env.AMQP_URL = container.getAmqpUrl();
  process.env.FNSYNC_MGMT_URL = `http://guest:guest@${container.getHost()}:${container.getMappedPort(15672)}`;
  return async () => {
    await container.stop();
  };
}
