import { BrokerConnection } from './connection.js';
import { brokerAddress, brokerUrls } from './url.js';

/**
 * The nodes of a broker address that do not take a connection within `timeoutMs` (asked all at
 * once), as `host:port`: what a run that stalled names when it blames the broker.
 */
export async function silentNodes(url: string, timeoutMs: number): Promise<string[]> {
  const answers = await Promise.all(
    brokerUrls(url).map(async (node) => {
      try {
        const probe = await BrokerConnection.connect({ url: node, name: 'fnsync.probe', timeoutMs });
        await probe.close(timeoutMs);
        return undefined;
      } catch {
        return brokerAddress(node);
      }
    }),
  );
  return answers.filter((node) => node !== undefined);
}
