import { z } from 'zod';
import { devicesOption, intOption } from '../options.js';

/** The option fields lecture 6 shares; each algorithm takes the ones it needs. */
export const valuesOption = (fallback: number) =>
  intOption('proposals are drawn from 0..values-1 (seeded)', { min: 1, max: 1000, fallback });

export const patienceOption = intOption(
  "rounds a device waits for a round's missing messages before it takes their senders as crashed (raise it for async with --delay or on RabbitMQ)",
  { min: 1, max: 500, fallback: 2 },
);

export const byzantineOption = devicesOption('Byzantine devices: they send conflicting random values (seeded)');

/** `f`, whose default depends on the device count, so it cannot be a plain default. */
export const faultsOption = (fallback: string) =>
  z
    .preprocess(
      (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
      z.int({ error: 'must be a whole number' }).nonnegative({ error: 'must be a whole number' }),
    )
    .optional()
    .describe(`how many faulty devices to tolerate (0 to devices-1; default ${fallback})`);

/** The `f` option's value, or the algorithm's default for this many devices. */
export const tolerated = (options: { readonly f?: unknown }, fallback: number): number =>
  typeof options.f === 'number' ? options.f : fallback;

/** Devices named by an option must exist. */
export function devicesExist(key: string, devices: readonly number[], count: number): string | undefined {
  const missing = devices.find((device) => device >= count);
  return missing === undefined ? undefined : `${key}: device ${missing} does not exist (devices are 0-${count - 1})`;
}

/** The number of devices that is a majority of n. */
export const majorityOf = (n: number): number => Math.floor(n / 2) + 1;

/** Rounds (waits) in which nothing happens while devices wait out their patience: quiescence must wait longer. */
export const PATIENT_QUIET_ROUNDS = 520;
