import { z } from 'zod';
import { BrokerOptions } from './broker-options.js';
import { Mode, TransportName, type Faults } from '../emulator/index.js';
import { RuntimeName } from '../orchestrator/index.js';
import { UsageError } from '../common/index.js';
import { RunIdOption, boundedInt } from './parse-options.js';
import { LOOPBACK, WebOptions } from './web-options.js';

/** Devices per transport: memory runs all in one process; amqp gives each a connection (and a process on local). */
/** amqpWorker: a worker (process or thread) and a connection per device. */
const DEVICE_LIMITS = { memory: 100_000, amqpInline: 500, amqpWorker: 100 } as const;
export const DEFAULT_TIMEOUT_MS = 60_000;

const probability = z
  .string()
  .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, { error: 'must be a probability from 0 to 1 (e.g. 0.1)' })
  .transform(Number);

const delay = z
  .string()
  .regex(/^\d+:\d+$/, { error: 'must be MIN:MAX in milliseconds (e.g. 1:20)' })
  .transform((text) => text.split(':').map(Number) as [number, number])
  .refine(([min, max]) => min <= max, { error: 'MIN must not exceed MAX' })
  .transform(([min, max]) => ({ min, max }));

const partition = z
  .string()
  .regex(/^\d+(,\d+)*(\/\d+(,\d+)*)+$/, { error: 'must be groups of device indices like 0,1/2,3' })
  .transform((text) => text.split('/').map((group) => group.split(',').map(Number)))
  .refine((groups) => new Set(groups.flat()).size === groups.flat().length, { error: 'a device may be in one group only' });

const crashes = z
  .string()
  .regex(/^\d+@\d+(:\d+)?(,\d+@\d+(:\d+)?)*$/, {
    error:
      'must be DEVICE@ROUND (sync) or DEVICE@MS (async), e.g. 2@3, or 2@3:1 to crash after 1 send of that round; several separated by commas',
  })
  .transform((text) =>
    text.split(',').map((item) => {
      const [device = 0, at = 0, sends] = item.split(/[@:]/).map(Number);
      return sends === undefined ? { device, at } : { device, at, sends };
    }),
  );

const enumOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]], { error: `must be one of ${values.join(', ')}` });

export const ExerciseOptions = z.strictObject({
  list: z.boolean().default(false),
  lecture: boundedInt('a lecture number (0-12)', 0, 12).optional(),
  algorithm: z
    .string()
    .regex(/^[A-Za-z_$][\w$]*$/, { error: 'must be an algorithm name like Gossip' })
    .optional(),
  file: z.string().min(1).optional(),
  type: enumOf(Object.values(Mode)).optional(),
  devices: boundedInt('a whole number from 2', 2, DEVICE_LIMITS.memory).optional(),
  transport: enumOf(Object.values(TransportName)).default(TransportName.Memory),
  runtime: enumOf([RuntimeName.Inline, RuntimeName.Isolate, RuntimeName.Local]).default(RuntimeName.Inline),
  ...BrokerOptions,
  runId: RunIdOption.optional(),
  seed: boundedInt('a whole number from 0 to 2147483647', 0, 2 ** 31 - 1).optional(),
  trace: z.string().min(1).optional(),
  drop: probability.default(0),
  duplicate: probability.default(0),
  delay: delay.optional(),
  partition: partition.optional(),
  crash: crashes.optional(),
  option: z
    .array(z.string().regex(/^[A-Za-z_][\w-]*=/, { error: 'must be key=value, e.g. entries=3' }))
    .default([])
    .transform((pairs, ctx) => {
      const options: Record<string, string> = {};
      for (const pair of pairs) {
        const at = pair.indexOf('=');
        const key = pair.slice(0, at);
        if (key in options) ctx.addIssue({ code: 'custom', message: `'${key}' is given twice` });
        options[key] = pair.slice(at + 1);
      }
      return options;
    }),
  timeout: boundedInt('a positive number of milliseconds', 1, 24 * 3600 * 1000).default(DEFAULT_TIMEOUT_MS),
  json: z.boolean().default(false),
  ui: z.boolean().default(false),
  ...WebOptions,
  diagram: z.string().min(1).optional(),
});
export type ExerciseOptions = z.infer<typeof ExerciseOptions>;

/**
 * What one option cannot say alone (required unless --list, limits per transport, devices that
 * must exist). Checked after the schema, on parsed values; a UsageError names the option.
 */
export function checkCombination(o: ExerciseOptions): void {
  const fail = (flag: string, message: string): never => {
    throw new UsageError(`--${flag}: ${message}`);
  };
  if (o.list) return;
  if (o.algorithm === undefined) fail('algorithm', 'required (see fnsync exercise --list)');
  if (o.lecture === undefined && o.file === undefined) fail('lecture', 'required (see fnsync exercise --list)');
  if (o.type === undefined) fail('type', `required: ${Object.values(Mode).join(', ')}`);
  const devices = o.devices ?? fail('devices', 'required: a whole number from 2');
  const limit =
    o.transport === TransportName.Memory
      ? DEVICE_LIMITS.memory
      : o.runtime !== RuntimeName.Inline
        ? DEVICE_LIMITS.amqpWorker
        : DEVICE_LIMITS.amqpInline;
  if (devices > limit)
    fail(
      'devices',
      `must be at most ${limit} on the ${o.transport} transport${o.transport === TransportName.Amqp ? ` with the ${o.runtime} runtime` : ''}`,
    );
  const outside = (list: number[]): number | undefined => list.find((device) => device >= devices);
  const badGroup = outside(o.partition?.flat() ?? []);
  if (badGroup !== undefined) fail('partition', `device ${badGroup} does not exist (devices are 0-${devices - 1})`);
  const badCrash = outside(o.crash?.map((c) => c.device) ?? []);
  if (badCrash !== undefined) fail('crash', `device ${badCrash} does not exist (devices are 0-${devices - 1})`);
  if (o.ui && o.type !== Mode.Stepping) fail('ui', 'serves the web stepper: use it with --type stepping');
  if (!o.ui && (o.host !== LOOPBACK || o.port !== 0)) fail(o.host !== LOOPBACK ? 'host' : 'port', 'applies to --ui only');
  if (o.delay && o.type === Mode.Sync) fail('delay', 'delays apply to async (and stepping) runs; sync rounds deliver at the round end');
}

export function faultsOf(options: ExerciseOptions): Faults {
  return {
    drop: options.drop,
    duplicate: options.duplicate,
    delay: options.delay ?? null,
    partition: options.partition ?? null,
    crashes: options.crash ?? [],
  };
}
