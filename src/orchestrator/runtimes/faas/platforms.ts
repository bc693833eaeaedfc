import { lambdaPlatform } from './lambda-invoker.js';
import { openWhiskPlatform } from './openwhisk-invoker.js';

/** Every FaaS platform fnsync can run functions on; `--runtime` offers each by its name. */
export const FAAS_PLATFORMS = [lambdaPlatform, openWhiskPlatform] as const;
export type FaasPlatformName = (typeof FAAS_PLATFORMS)[number]['name'];
