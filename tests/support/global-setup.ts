import { connect } from 'amqplib';
import type { TestProject } from 'vitest/node';
import { LEAK_CHECKS_OFF, management, managementUrl } from './broker.js';

/**
 * Makes sure a broker is there before any test that needs one runs: AMQP_URL or localhost when it
 * answers, else a RabbitMQ 4 container with the management plugin (testcontainers, when Docker
 * exists). Then looks for the management API, which the leak checks need: without it they are
 * skipped, and one line says so and how to turn them on.
 */
export default async function setup(_project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  let teardown: (() => Promise<void>) | undefined;
  try {
    const connection = await connect(url, { timeout: 3000 });
    await connection.close();
    process.env.AMQP_URL = url;
  } catch (error) {
    if (process.env.AMQP_URL) throw new Error(`AMQP_URL does not answer: ${(error as Error).message}`);
    const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
    const container = await new RabbitMQContainer('rabbitmq:4-management').start();
    process.env.AMQP_URL = container.getAmqpUrl();
    process.env.FNSYNC_MGMT_URL = `http://guest:guest@${container.getHost()}:${container.getMappedPort(15672)}`;
    teardown = async () => {
      await container.stop();
    };
  }
  try {
    await management('/overview');
  } catch (error) {
    const where = new URL(managementUrl());
    process.env[LEAK_CHECKS_OFF] = '1';
    console.warn(
      `leak checks on the broker skipped: no RabbitMQ management API at ${where.protocol}//${where.host} (${(error as Error).message}); ` +
        'enable it with `rabbitmq-plugins enable rabbitmq_management`, or point FNSYNC_MGMT_URL at it',
    );
  }
  return teardown;
}
