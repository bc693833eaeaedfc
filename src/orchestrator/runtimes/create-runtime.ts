import { UsageError } from '../../common/index.js';
import { FAAS_PLATFORMS, ReplyQueueRuntime, type FaasPlatformName, type FaasTarget } from './faas/index.js';
import type { FunctionRuntime, Handler } from './function-runtime.js';
import { InlineRuntime } from './inline/inline-runtime.js';
import { IsolateRuntime } from './isolate/isolate-runtime.js';
import { LocalRuntime } from './local/local-runtime.js';

/** The runtimes that run functions on this machine. */
export const RuntimeName = { Isolate: 'isolate', Local: 'local', Inline: 'inline' } as const;
/** Every runtime's name: this machine's, then one per FaaS platform. */
export type RuntimeName = (typeof RuntimeName)[keyof typeof RuntimeName] | FaasPlatformName;

export const RUNTIME_NAMES: readonly [RuntimeName, ...RuntimeName[]] = [
  RuntimeName.Isolate,
  RuntimeName.Local,
  RuntimeName.Inline,
  ...FAAS_PLATFORMS.map((platform) => platform.name),
];

/** Options some runtimes need; each runtime reads only its own. */
export interface RuntimeOptions {
  /** The broker, for the FaaS runtimes: their functions report results to the run's reply queue there. */
  amqpUrl?: string;
  /** Where a FaaS platform is and what its functions are called; each field falls back to the environment. */
  faas?: FaasTarget;
  /**
   * Handlers the caller has already loaded, by module path: `inline` runs them instead of
   * importing their module a second time (the CLI's bundle holds the synchronizer's own).
   */
  inProcess?: ReadonlyMap<string, Handler>;
}

/** The one place a runtime name becomes a runtime. */
export function createRuntime(name: RuntimeName, options: RuntimeOptions = {}): FunctionRuntime {
  if (name === RuntimeName.Isolate) return new IsolateRuntime();
  if (name === RuntimeName.Local) return new LocalRuntime();
  if (name === RuntimeName.Inline) return new InlineRuntime(options.inProcess);
  const platform = FAAS_PLATFORMS.find((candidate) => candidate.name === name);
  if (platform === undefined) throw new UsageError(`--runtime: no runtime '${name as string}' (available: ${RUNTIME_NAMES.join(', ')})`);
  if (options.amqpUrl === undefined) throw new UsageError(`the ${name} runtime needs the broker URL (--amqp or AMQP_URL)`);
  return new ReplyQueueRuntime(platform.name, options.amqpUrl, platform.createInvoker(options.faas ?? {}));
}
