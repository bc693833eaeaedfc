import type { Logger } from '../common/index.js';
import type { RejectReason } from '../transport/index.js';

/** One line for a rejected message, for the first few of each reason (the transport counts them all). */
export function logRejection(log: Logger, where: string, reason: RejectReason, detail: string, first: boolean): void {
  if (first) log.warn(`${where}: rejected a message (${reason}): ${detail}`);
}
