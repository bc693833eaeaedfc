/**
 * The broker the tests use: AMQP_URL when given (CI and this machine), else a throwaway RabbitMQ
 * from testcontainers started by the global setup (tests/support/global-setup.ts), which exports
 * AMQP_URL and FNSYNC_MGMT_URL for the workers.
 */
export function amqpUrl(): string {
  return process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
}

/**
 * The management API, for leak checks: FNSYNC_MGMT_URL, else port 15672 on the AMQP URL's host,
 * with the AMQP URL's credentials.
 */
export function managementUrl(): string {
  if (process.env.FNSYNC_MGMT_URL) return process.env.FNSYNC_MGMT_URL;
  const url = new URL(amqpUrl());
  const user = decodeURIComponent(url.username || 'guest');
  const pass = decodeURIComponent(url.password || 'guest');
  return `http://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@${url.hostname}:15672`;
}

/** One GET on the management API; throws on anything but 200. */
export async function management<T>(path: string, timeoutMs = 5000): Promise<T> {
  const base = new URL(managementUrl());
  const auth = Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64');
  const response = await fetch(`${base.protocol}//${base.host}/api${path}`, {
    headers: { authorization: `Basic ${auth}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`management API ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Set by the global setup when the management API does not answer: leak checks on the broker are skipped. */
export const LEAK_CHECKS_OFF = 'FNSYNC_TEST_NO_MANAGEMENT';

export function brokerLeakChecks(): boolean {
  return process.env[LEAK_CHECKS_OFF] !== '1';
}
