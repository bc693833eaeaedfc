import { BrokerUnreachableError } from './errors.js';
import { brokerUrls } from './url.js';

/** How long one request to the management API may take. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface ManagedQueue {
  readonly name: string;
  readonly consumers: number;
  /** When it last had activity (absent while in use), ISO-like text as the broker gives it. */
  readonly idleSince: string | undefined;
}

export interface ManagedConnection {
  /** The broker's own id of the connection (needed to close it). */
  readonly id: string;
  /** Its `connection_name` client property: fnsync names every connection it opens. */
  readonly connectionName: string;
  /** ms since the epoch. */
  readonly connectedAt: number;
}

/**
 * The RabbitMQ management plugin's HTTP API, for what AMQP cannot do: list queues, exchanges and
 * connections, and close a connection. `url` defaults to port 15672 on the AMQP URL's host with the
 * AMQP URL's credentials; every request has a deadline.
 */
export class ManagementApi {
  private readonly base: string;
  private readonly auth: string;
  private readonly vhost: string;

  constructor(amqpUrl: string, managementUrl?: string) {
    // A cluster's nodes share their queues: the first node's API lists them all.
    const amqp = new URL(brokerUrls(amqpUrl)[0] ?? amqpUrl);
    const api = new URL(managementUrl ?? `http://${amqp.hostname}:15672`);
    const user = decodeURIComponent(api.username || amqp.username || 'guest');
    const pass = decodeURIComponent(api.password || amqp.password || 'guest');
    this.base = `${api.protocol}//${api.host}/api`;
    this.auth = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    this.vhost = encodeURIComponent(decodeURIComponent(amqp.pathname.slice(1)) || '/');
  }

  /** Where it is, without credentials, for messages. */
  get where(): string {
    return this.base.replace(/\/api$/, '');
  }

  async queues(): Promise<ManagedQueue[]> {
    const rows = await this.get<{ name: string; consumers?: number; idle_since?: string }[]>(
      `/queues/${this.vhost}?columns=name,consumers,idle_since`,
    );
    return rows.map((q) => ({ name: q.name, consumers: q.consumers ?? 0, idleSince: q.idle_since }));
  }

  async exchanges(): Promise<string[]> {
    return (await this.get<{ name: string }[]>(`/exchanges/${this.vhost}?columns=name`)).map((e) => e.name);
  }

  async connections(): Promise<ManagedConnection[]> {
    const rows = await this.get<{ name: string; client_properties?: { connection_name?: string }; connected_at?: number }[]>(
      `/vhosts/${this.vhost}/connections?columns=name,client_properties,connected_at`,
    );
    return rows.map((c) => ({ id: c.name, connectionName: c.client_properties?.connection_name ?? '', connectedAt: c.connected_at ?? 0 }));
  }

  async deleteQueue(name: string): Promise<void> {
    await this.request('DELETE', `/queues/${this.vhost}/${encodeURIComponent(name)}`);
  }

  async deleteExchange(name: string): Promise<void> {
    await this.request('DELETE', `/exchanges/${this.vhost}/${encodeURIComponent(name)}`);
  }

  async closeConnection(id: string, reason: string): Promise<void> {
    await this.request('DELETE', `/connections/${encodeURIComponent(id)}`, { 'x-reason': reason });
  }

  private async get<T>(path: string): Promise<T> {
    return (await (await this.request('GET', path)).json()) as T;
  }

  private async request(method: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: this.auth, ...headers },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new BrokerUnreachableError(
        `no RabbitMQ management API at ${this.where}: ${(error as Error).message}; ` +
          'enable it with `rabbitmq-plugins enable rabbitmq_management`, or name it with --management URL',
        { cause: error },
      );
    }
    // A 404 on DELETE: someone removed it first, which is what we wanted.
    if (!response.ok && !(method === 'DELETE' && response.status === 404)) {
      const hint = response.status === 401 ? ' (the credentials are refused; pass --management http://user:pass@host:port)' : '';
      throw new BrokerUnreachableError(
        `the management API at ${this.where} answered ${method} ${path.split('?')[0] ?? ''} with HTTP ${response.status}${hint}`,
      );
    }
    return response;
  }
}
