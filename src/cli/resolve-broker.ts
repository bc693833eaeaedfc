import { existsSync } from 'node:fs';
import { createLogger, importOptional, InfrastructureError, UsageError } from '../common/index.js';
import { BrokerConnection, DEFAULT_AMQP_URL, assertAmqpUrl, brokerAddress, brokerUrls, redactUrl } from '../transport/index.js';

export interface ResolvedBroker {
  /** One node's URL, or a cluster's, separated by commas. */
  url: string;
  /** Whether runs survive the loss of a node (see BrokerConnection's `replicated`). */
  replicated: boolean;
  /** Where the URL came from, for logs. */
  source: 'flag' | 'env' | 'default' | 'testcontainers';
  /** Stops a broker fnsync started itself; a no-op otherwise. */
  dispose(): Promise<void>;
}

const log = createLogger('broker');

/**
 * The order: `--amqp` (repeated for a cluster's nodes), else AMQP_URL, else localhost. Only when
 * the user named nothing and nothing answers on localhost is a throwaway RabbitMQ started with
 * testcontainers, and only if a Docker engine is there; otherwise a clear error with the remedies
 * (exit 3). Replicated unless told otherwise when several nodes are named.
 */
export async function resolveBroker(
  flag: readonly string[] | undefined,
  replicatedFlag?: boolean,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedBroker> {
  const given = flag && flag.length > 0 ? flag.join(',') : undefined;
  const named = given ?? env.AMQP_URL;
  const source = given !== undefined ? 'flag' : env.AMQP_URL !== undefined ? 'env' : 'default';
  const url = named ?? DEFAULT_AMQP_URL;
  const replicated = replicatedFlag ?? brokerUrls(url).length > 1;
  try {
    assertAmqpUrl(url);
  } catch (error) {
    throw new UsageError(`${source === 'flag' ? '--amqp' : 'AMQP_URL'}: ${(error as Error).message}`);
  }
  try {
    const probe = await BrokerConnection.connect({ url, name: 'fnsync.probe', timeoutMs: 5000 });
    await probe.close();
    return { url, replicated, source, dispose: () => Promise.resolve() };
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
  return startContainer(replicated);
}

function dockerEngineReachable(env: NodeJS.ProcessEnv): boolean {
  return env.DOCKER_HOST !== undefined || existsSync('/var/run/docker.sock');
}

async function startContainer(replicated: boolean): Promise<ResolvedBroker> {
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
      replicated,
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
