/**
 * Logs go to stderr, one line each, so that stdout stays for results (`--json`). The level comes
 * from FNSYNC_LOG (error|warn|info|debug; default warn) and is read once.
 */
const levels = { error: 0, warn: 1, info: 2, debug: 3 } as const;
type LogLevel = keyof typeof levels;
const LOG_LEVELS = Object.keys(levels) as readonly LogLevel[];

/** Why FNSYNC_LOG is not a level, or undefined when it is one (or unset); the CLI says it once. */
export function logLevelProblem(value = process.env.FNSYNC_LOG): string | undefined {
  if (value === undefined || value in levels) return undefined;
  return `FNSYNC_LOG=${value} is not a level (${LOG_LEVELS.join(', ')}); logging at warn`;
}

function configuredLevel(): number {
  const name = process.env.FNSYNC_LOG;
  return name !== undefined && name in levels ? levels[name as LogLevel] : levels.warn;
}

const threshold = configuredLevel();

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  child(scope: string): Logger;
}

export function createLogger(scope: string): Logger {
  const write = (level: LogLevel, message: string): void => {
    if (levels[level] <= threshold) process.stderr.write(`fnsync ${level} [${scope}] ${message}\n`);
  };
  return {
    error: (m) => write('error', m),
    warn: (m) => write('warn', m),
    info: (m) => write('info', m),
    debug: (m) => write('debug', m),
    child: (sub) => createLogger(`${scope} ${sub}`),
  };
}
