import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { connect, type Channel, type ChannelModel } from 'amqplib';

/**
 * The synchronizer's floor at N, in one process as the inline runtime has it: N consumers, each
 * with its own connection and queue bound to one fanout exchange; N rounds of one direct hop
 * (a message to one consumer's queue, waited for) and one fanout of a value-sized message to all
 * N queues, waited for at every consumer. Raw amqplib: no authentication, no validation, no
 * protocol. What the synchronizer cannot avoid, two sequential hops and N deliveries a round.
 */
export interface FanoutFloorResult {
  slaves: number;
  /** Consumers per connection (1 = a connection each, as fnsync's functions have). */
  perConnection: number;
  /** The N rounds, set-up excluded. */
  floorMs: number;
  deliveries: number;
}

const VALUE = Buffer.from(JSON.stringify({ type: 'value', slave: 999, round: 999, value: 1000 }));
const GRANT = Buffer.from(JSON.stringify({ type: 'grant', slave: 999, round: 999 }));

export async function measureFanoutFloor(url: string, slaves: number, perConnection = 1): Promise<FanoutFloorResult> {
  const prefix = `fnsync.bench-${randomBytes(4).toString('hex')}`;
  const exchange = `${prefix}.bus`;
  const models: ChannelModel[] = [];
  try {
    const producerModel = await connect(url, { noDelay: true, clientProperties: { connection_name: `${prefix}.producer` } });
    models.push(producerModel);
    const producer = await producerModel.createChannel();
    await producer.assertExchange(exchange, 'fanout', { durable: false, autoDelete: true });
    let pending = 0;
    let roundDone: (() => void) | undefined;
    const arrived = (): void => {
      pending--;
      if (pending === 0) roundDone?.();
    };
    const queues: string[] = [];
    let channel: Channel | undefined;
    for (let i = 0; i < slaves; i++) {
      if (i % perConnection === 0) {
        const model = await connect(url, { noDelay: true, clientProperties: { connection_name: `${prefix}.c${i}` } });
        models.push(model);
        channel = await model.createChannel();
      } else if (perConnection > 1 && channel) {
        const model = models.at(-1);
        if (model) channel = await model.createChannel();
      }
      if (!channel) throw new Error('no channel');
      const queue = `${prefix}.q${i}`;
      await channel.assertQueue(queue, { exclusive: true, durable: false, autoDelete: true });
      await channel.bindQueue(queue, exchange, '');
      await channel.consume(queue, arrived, { noAck: true });
      queues.push(queue);
    }
    const wait = (count: number, send: () => void): Promise<void> =>
      new Promise<void>((resolve) => {
        pending = count;
        roundDone = resolve;
        send();
      });
    const started = performance.now();
    for (let round = 0; round < slaves; round++) {
      const target = queues[round] ?? '';
      await wait(1, () => producer.sendToQueue(target, GRANT));
      await wait(slaves, () => producer.publish(exchange, '', VALUE));
    }
    const floorMs = performance.now() - started;
    return { slaves, perConnection, floorMs, deliveries: slaves * (slaves + 1) };
  } finally {
    await Promise.allSettled(models.map((m) => m.close()));
  }
}
