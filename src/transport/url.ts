/** The default broker, used when neither `--amqp` nor AMQP_URL names one. */
export const DEFAULT_AMQP_URL = 'amqp://guest:guest@localhost:5672';

/**
 * The nodes of a broker address: one AMQP URL, or several separated by commas (the nodes of one
 * RabbitMQ cluster; a comma inside a password is written %2C). Empty parts are ignored.
 */
export function brokerUrls(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The URLs with their passwords replaced, for messages and logs: credentials never leave. */
export function redactUrl(text: string): string {
  return mapUrls(text, (url) => {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  });
}

/** host:port of each node of a broker address, with the protocol's default port filled in. */
export function brokerAddress(text: string): string {
  return mapUrls(text, (url) => {
    const parsed = new URL(url);
    const port = parsed.port !== '' ? parsed.port : parsed.protocol === 'amqps:' ? '5671' : '5672';
    return `${parsed.hostname}:${port}`;
  });
}

/** Throws a one-line error (without echoing a URL, which may hold a password) if any node's URL is not AMQP. */
export function assertAmqpUrl(text: string): void {
  const urls = brokerUrls(text);
  if (urls.length === 0) throw new TypeError('no AMQP URL given (expected amqp://user:pass@host:port, several separated by commas)');
  urls.forEach((url, i) => {
    const which = urls.length > 1 ? ` (node ${i + 1} of ${urls.length})` : '';
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(`the AMQP URL${which} is not a valid URL (expected amqp://user:pass@host:port)`);
    }
    if (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') {
      throw new TypeError(`the AMQP URL${which} must start with amqp:// or amqps://, not ${parsed.protocol}//`);
    }
  });
}

function mapUrls(text: string, each: (url: string) => string): string {
  const urls = brokerUrls(text);
  if (urls.length === 0) return '<no AMQP URL>';
  return urls
    .map((url) => {
      try {
        return each(url);
      } catch {
        return '<unparseable AMQP URL>';
      }
    })
    .join(', ');
}
