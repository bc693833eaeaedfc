import { z } from 'zod';
import type { Algorithm, CheckResult, TraceEvent } from '../algorithm.js';
import { Device, fromClass } from '../device.js';
import { noOptions } from '../options.js';
import { messageIds } from '../message.js';

const REPETITIONS = 10;

export const PingPongMessage = z.object({ type: z.enum(['ping', 'pong']), ...messageIds });
export type PingPongMessage = z.infer<typeof PingPongMessage>;

/**
 * The seed's demo: ten repetitions, each sending one message to a random other device and then
 * waiting for the next round. A device answers the oldest ping it has not answered with a pong,
 * otherwise it pings; so 3 devices in sync send 30 messages in 10 rounds.
 */
export class PingPong extends Device<PingPongMessage> {
  private sent = 0;
  private pings = 0;
  private pongs = 0;
  private readonly unanswered: number[] = [];

  async run(): Promise<void> {
    const others = this.medium.ids.filter((id) => id !== this.index);
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      for (const message of this.medium.receiveAll()) {
        if (message.type === 'ping') {
          this.pings++;
          this.unanswered.push(message.source);
        } else {
          this.pongs++;
        }
      }
      const pinger = this.unanswered.shift();
      if (pinger !== undefined) this.medium.send({ type: 'pong', source: this.index, destination: pinger });
      else this.medium.send({ type: 'ping', source: this.index, destination: this.medium.random.pick(others) });
      this.sent++;
      await this.medium.waitForNextRound();
    }
  }

  override result(): { sent: number; pings: number; pongs: number } {
    return { sent: this.sent, pings: this.pings, pongs: this.pongs };
  }
}

const PingPongResult = z.object({ sent: z.int(), pings: z.int(), pongs: z.int() });

/** Every device sent exactly ten times; every pong answers a ping its sender received; nobody read more than arrived. */
export function checkPingPong(results: readonly unknown[], trace: readonly TraceEvent[]): CheckResult {
  const n = results.length;
  const problems: string[] = [];
  const sendsBy = new Array<number>(n).fill(0);
  const deliveredTo = new Array<number>(n).fill(0);
  const pingsSeen = new Set<string>();
  for (const event of trace) {
    if (event.kind === 'deliver' && event.dst !== null && event.src !== null) {
      deliveredTo[event.dst] = (deliveredTo[event.dst] ?? 0) + 1;
      if (event.type === 'ping') pingsSeen.add(`${event.src}>${event.dst}`);
    }
    if (event.kind !== 'send' || event.src === null || event.dst === null) continue;
    sendsBy[event.src] = (sendsBy[event.src] ?? 0) + 1;
    if (event.type === 'pong' && !pingsSeen.has(`${event.dst}>${event.src}`))
      problems.push(`device ${event.src} ponged ${event.dst} without a ping from it`);
  }
  results.forEach((raw, device) => {
    const result = PingPongResult.safeParse(raw);
    if (!result.success) return void problems.push(`device ${device} returned no ping-pong counts`);
    if (result.data.sent !== REPETITIONS) problems.push(`device ${device} sent ${result.data.sent} messages, not ${REPETITIONS}`);
    if (sendsBy[device] !== result.data.sent)
      problems.push(`device ${device} claims ${result.data.sent} sends, the network saw ${sendsBy[device] ?? 0}`);
    const read = result.data.pings + result.data.pongs;
    if (read > (deliveredTo[device] ?? 0))
      problems.push(`device ${device} read ${read} messages, only ${deliveredTo[device] ?? 0} were delivered`);
  });
  const total = sendsBy.reduce((a, b) => a + b, 0);
  if (problems.length > 0) return { passed: false, details: problems.slice(0, 5).join('; ') };
  return { passed: true, details: `${n} devices sent ${REPETITIONS} messages each (${total} in all); every pong answered a ping` };
}

export const pingPongAlgorithm: Algorithm = {
  lecture: 0,
  name: 'PingPong',
  summary: 'the seed demo: 10 repetitions, each a ping (or a pong to an unanswered ping) to a random device',
  minDevices: 2,
  messages: PingPongMessage,
  parseCopies: true,
  options: noOptions,
  create: fromClass(PingPong),
  check: checkPingPong,
};
