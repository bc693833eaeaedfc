import { z } from 'zod';
import { devicesOption, intOption } from '../options.js';

/** `--option initiators=0,2 --option timeout=30`, shared by Chang-Roberts and Bully. */
export const electionOptions = z.strictObject({
  initiators: devicesOption('devices that start the election').describe(
    'devices that start the election (device indices, e.g. 0; default: every device, as in the seed)',
  ),
  timeout: intOption('quiet rounds before a device suspects a crash; 0: 2n + 10 for ChangRoberts, 4 for Bully', {
    min: 0,
    max: 100_000,
    fallback: 0,
  }),
});
export type ElectionOptions = z.infer<typeof electionOptions>;

/** Initiators must exist. */
export function validateElectionOptions(options: Readonly<Record<string, unknown>>, devices: number): string | undefined {
  const initiators = Array.isArray(options.initiators) ? (options.initiators as number[]) : [];
  const missing = initiators.find((device) => device >= devices);
  return missing === undefined ? undefined : `initiators: device ${missing} does not exist (devices are 0-${devices - 1})`;
}

/** Whether this device starts the election (no initiators named: everyone, as in the seed). */
export function initiates(options: ElectionOptions, index: number): boolean {
  return options.initiators.length === 0 || options.initiators.includes(index);
}
