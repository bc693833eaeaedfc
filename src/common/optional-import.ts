import { UsageError } from './errors.js';

/**
 * Imports a package that fnsync lists as an optional peer dependency (the AWS SDK, openwhisk,
 * testcontainers): library users who never need it do not install it. When it is missing, the
 * error says which feature needs it and how to install it.
 */
export async function importOptional<T>(name: string, neededFor: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new UsageError(`${neededFor} needs the package ${name}, which is not installed (npm install ${name})`, { cause: error });
    }
    throw error;
  }
}
