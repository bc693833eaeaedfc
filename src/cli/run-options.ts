import { z } from 'zod';
import { MAX_SLAVES } from '../protocol/index.js';
import { RUNTIME_NAMES, RuntimeName } from '../orchestrator/index.js';
import { RunIdOption, integerText } from './parse-options.js';
import { FaasOptions } from './faas-options.js';
import { BrokerOptions } from './broker-options.js';

/**
 * The most slaves a runtime with a worker per invocation takes: `local` spawns a ~40 MB Node
 * process per slave, `isolate` a ~17 MB thread. Others take MAX_SLAVES.
 */
export const WORKER_SLAVE_LIMIT = 250;
const slaveLimit = (runtime: RuntimeName): number =>
  runtime === RuntimeName.Local || runtime === RuntimeName.Isolate ? WORKER_SLAVE_LIMIT : MAX_SLAVES;

export const DEFAULT_LEASE_MS = 5000;
/**
 * Replicated runs wait longer for a value: a write that crosses the loss of a node waits for the
 * writer's reconnect and the queue's new leader (seconds), and must not be taken for a dead slave.
 */
export const REPLICATED_LEASE_MS = 30_000;
const SEED_RANGE = 'must be a whole number from 0 to 2147483647';
/** The default run limit grows with N: 60 s plus 100 ms a slave. */
export const defaultTimeoutMs = (slaves: number): number => 60_000 + 100 * slaves;

const positiveInt = (what: string, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? integerText(v) : v),
    z
      .number({ error: (issue) => (issue.input === undefined ? `required: ${what}` : `must be ${what}`) })
      .int({ error: `must be ${what}` })
      .min(1, { error: `must be ${what}` })
      .max(max, { error: `must be at most ${max}` }),
  );

export const RunOptions = z
  .strictObject({
    slaves: positiveInt('a whole number from 1'),
    ...BrokerOptions,
    runtime: z.enum(RUNTIME_NAMES, { error: `must be one of ${RUNTIME_NAMES.join(', ')}` }).default(RuntimeName.Isolate),
    seed: z
      .preprocess(
        (v) => (typeof v === 'string' ? integerText(v) : v),
        z
          .number({ error: SEED_RANGE })
          .int({ error: SEED_RANGE })
          .min(0, { error: SEED_RANGE })
          .max(2 ** 31 - 1, { error: SEED_RANGE }),
      )
      .optional(),
    timeout: positiveInt('a positive number of milliseconds').optional(),
    lease: positiveInt('a positive number of milliseconds').optional(),
    json: z.boolean().default(false),
    timeline: z.string().min(1).optional(),
    runId: RunIdOption.optional(),
    ...FaasOptions,
  })
  .superRefine((options, ctx) => {
    const limit = slaveLimit(options.runtime);
    if (options.slaves > limit) {
      ctx.addIssue({ code: 'custom', path: ['slaves'], message: `must be at most ${limit} on the ${options.runtime} runtime` });
    }
  });
export type RunOptions = z.infer<typeof RunOptions>;
