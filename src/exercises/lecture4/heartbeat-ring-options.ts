import { z } from 'zod';
import { devicesOption, intOption } from '../options.js';
import { entriesOption } from './mutex-device.js';

/** `--option join=4 --option joinAt=10 --option heartbeat=2 --option timeout=8`, with `entries`. */
export const heartbeatRingOptions = z.strictObject({
  entries: entriesOption,
  join: devicesOption('devices that start outside the ring and ask to join it'),
  joinAt: intOption('the round at which they ask', { min: 0, max: 100_000, fallback: 10 }),
  heartbeat: intOption('rounds between two heartbeats of a device to its predecessor', { min: 1, max: 1000, fallback: 2 }),
  timeout: intOption('rounds without a heartbeat before a device declares the one it handed the token to crashed', {
    min: 2,
    max: 10_000,
    fallback: 8,
  }),
});
export type HeartbeatRingOptions = z.infer<typeof heartbeatRingOptions>;

/** Joiners must exist and leave somebody to start the ring; a timeout must outlast a heartbeat's way. */
export function validateHeartbeatRingOptions(options: Readonly<Record<string, unknown>>, devices: number): string | undefined {
  const parsed = heartbeatRingOptions.safeParse(options);
  if (!parsed.success) return undefined;
  const { join, heartbeat, timeout } = parsed.data;
  const missing = join.find((device) => device >= devices);
  if (missing !== undefined) return `join: device ${missing} does not exist (devices are 0-${devices - 1})`;
  if (new Set(join).size >= devices) return 'join: at least one device must start in the ring';
  if (timeout <= heartbeat + 1) return `timeout: must exceed heartbeat + 1 = ${heartbeat + 1} rounds (a heartbeat takes a round to arrive)`;
  return undefined;
}

/** Rounds a lap of the token can take: a pass and a critical section per device, and a crash noticed. */
export const lapRounds = (options: HeartbeatRingOptions, devices: number): number => 5 * devices + 2 * options.timeout;
