/** The default broker, used when neither `--amqp` nor AMQP_URL names one. */
export const DEFAULT_AMQP_URL = 'amqp://guest:guest@localhost:5672';

/** The URL with its password replaced, for messages and logs: credentials never leave. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '<unparseable AMQP URL>';
  }
}

/** host:port of an AMQP URL, with the protocol's default port filled in. */
export function brokerAddress(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port !== '' ? parsed.port : parsed.protocol === 'amqps:' ? '5671' : '5672';
    return `${parsed.hostname}:${port}`;
  } catch {
    return '<unparseable AMQP URL>';
  }
}

/** Throws a one-line error (without echoing the URL, which may hold a password) if it is not AMQP. */
export function assertAmqpUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('the AMQP URL is not a valid URL (expected amqp://user:pass@host:port)');
  }
  if (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') {
    throw new TypeError(`the AMQP URL must start with amqp:// or amqps://, not ${parsed.protocol}//`);
  }
}
