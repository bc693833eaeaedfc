/**
 * The floor's second process, as plain CommonJS source run with `node -e`: it needs nothing but
 * amqplib (whose resolved path arrives in argv), so it runs the same from vitest (TypeScript
 * sources) and from the compiled bench, without a build step of its own.
 *
 * argv: <amqplib path> <url> echo <ping queue> <pong queue>  (answer every ping on pong)
 *       <amqplib path> <url> consume <queue> <count>          (count deliveries, report the rate)
 * It talks to the bench over IPC: `{type:'ready'}` once consuming, `{type:'done', ...}` at the
 * end, and it closes and exits on `{type:'stop'}` or when the IPC channel goes.
 */
export const PEER_SOURCE = String.raw`
'use strict';
const { performance } = require('node:perf_hooks');
const [amqplibPath, url, role, a, b] = process.argv.slice(1);
const amqp = require(amqplibPath);
const send = (message) => new Promise((resolve) => process.send(message, () => resolve()));
(async () => {
  const connection = await amqp.connect(url, { noDelay: true, clientProperties: { connection_name: 'fnsync.bench.floor-peer' } });
  const channel = await connection.createChannel();
  const stop = async (code) => {
    await connection.close().catch(() => undefined);
    process.exit(code);
  };
  process.on('message', (message) => { if (message && message.type === 'stop') void stop(0); });
  process.on('disconnect', () => void stop(0));
  if (role === 'echo') {
    await channel.consume(a, (message) => { if (message) channel.sendToQueue(b, message.content); }, { noAck: true });
  } else if (role === 'consume') {
    const count = Number(b);
    let received = 0;
    let first = 0;
    let bytes = 0;
    await channel.consume(a, (message) => {
      if (!message) return;
      const now = performance.now();
      if (received === 0) first = now;
      received++;
      bytes += message.content.length;
      if (received === count) void send({ type: 'done', received, bytes, spanMs: now - first, at: performance.timeOrigin + now });
    }, { noAck: true });
  } else {
    throw new Error('unknown role ' + role);
  }
  await send({ type: 'ready' });
})().catch((error) => {
  process.stderr.write('floor peer: ' + (error && error.message ? error.message : String(error)) + '\n');
  process.exit(1);
});
`;
