import { existsSync } from 'node:fs';
import { createLogger, importOptional, InfrastructureError, UsageError } from '../common/index.js';
import { BrokerConnection, DEFAULT_AMQP_URL, assertAmqpUrl, brokerAddress, redactUrl } from '../transport/index.js';

export interface ResolvedBroker {
  url: string;
  /** Where the URL came from, for logs. */
  source: 'flag' | 'env' | 'default' | 'testcontainers';
  /** Stops a broker fnsync started itself; a no-op otherwise. */
  dispose(): Promise<void>;
}

const log = createLogger('broker');

/**
 * The order: `--amqp`, else AMQP_URL, else localhost. Only when the user named nothing
 * and nothing answers on localhost is a throwaway RabbitMQ started with testcontainers, and only
 * if a Docker engine is there; otherwise a clear error with the remedies (exit 3).
 */
export async function resolveBroker(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedBroker> {
  const named = flag ?? env.AMQP_URL;
  const source = flag !== undefined ? 'flag' : env.AMQP_URL !== undefined ? 'env' : 'default';
  const url = named ?? DEFAULT_AMQP_URL;
  try {
    assertAmqpUrl(url);
  } catch (error) {
    throw new UsageError(`${source === 'flag' ? '--amqp' : 'AMQP_URL'}: ${(error as Error).message}`);
  }
  try {
    const probe = await BrokerConnection.connect({ url, name: 'fnsync.probe', timeoutMs: 5000 });
    await probe.close();
    return { url, source, dispose: () => Promise.resolve() };
  } catch (error) {
    // Only a default URL where nothing listens may be replaced by a container; any other failure is the answer.
    const refused = (error as { cause?: { code?: unknown } }).cause?.code === 'ECONNREFUSED';
    if (named !== undefined || !refused) throw error;
    if (!dockerEngineReachable(env)) {
      throw new InfrastructureError(
        `${(error as Error).message}; start one with \`docker compose up -d rabbitmq\` or \`rabbitmq-server -detached\`, or pass --amqp URL`,
        { cause: error },
      );
    }
  }
  log.warn(`nothing answers at ${brokerAddress(url)}; starting a throwaway RabbitMQ with testcontainers`);
  return startContainer();
}

function dockerEngineReachable(env: NodeJS.ProcessEnv): boolean {
  return env.DOCKER_HOST !== undefined || existsSync('/var/run/docker.sock');
}

async function startContainer(): Promise<ResolvedBroker> {
  try {
    const { RabbitMQContainer } = await importOptional(
      '@testcontainers/rabbitmq',
      'starting a throwaway broker',
      () => import('@testcontainers/rabbitmq'),
    );
    const container = await new RabbitMQContainer('rabbitmq:4-management').start();
    const url = container.getAmqpUrl();
    log.info(`throwaway broker at ${redactUrl(url)}`);
    return {
      url,
      source: 'testcontainers',
      dispose: async () => {
        await container.stop();
      },
    };
  } catch (error) {
    throw new InfrastructureError(
      `could not start a RabbitMQ container: ${(error as Error).message}; start one yourself or pass --amqp URL`,
      { cause: error },
    );
  }
}
