import { z } from 'zod';
import { BrokerOptions } from './broker-options.js';
import { RUNTIME_NAMES, RuntimeName } from '../orchestrator/index.js';
import { MAX_NONCE_BYTES, MAX_ZEROS, assertWorkerCount } from '../pow/index.js';
import { RunIdOption, boundedInt, integerText } from './parse-options.js';
import { FaasOptions } from './faas-options.js';

/** The seed's sample client: what `fnsync pow` mines when no --nonce is given. */
const SAMPLE_REQUESTS = ['1,2,3,4@7', '5,6,7,8@5'];
const DEFAULT_TIMEOUT_MS = 600_000;

const Zeros = boundedInt(`a whole number from 1 to ${MAX_ZEROS}`, 1, MAX_ZEROS);

export const PowOptions = z.strictObject({
  workers: boundedInt('a power of two from 1 to 256', 1, 256)
    .refine((n) => {
      try {
        assertWorkerCount(n);
        return true;
      } catch {
        return false;
      }
    }, 'must be a power of two from 1 to 256')
    .default(4),
  nonce: z.array(z.string()).default([]),
  zeros: Zeros.optional(),
  clients: boundedInt('a whole number from 1 to 64', 1, 64).default(1),
  runtime: z.enum(RUNTIME_NAMES, { error: `must be one of ${RUNTIME_NAMES.join(', ')}` }).default(RuntimeName.Isolate),
  amqp: BrokerOptions.amqp,
  timeout: boundedInt('a positive number of milliseconds', 1, 2 ** 31 - 1).default(DEFAULT_TIMEOUT_MS),
  json: z.boolean().default(false),
  trace: z.string().min(1, { error: 'must name a file' }).optional(),
  runId: RunIdOption.optional(),
  crashWorker: boundedInt('a worker index', 0, 255).optional(),
  ...FaasOptions,
});
export type PowOptions = z.infer<typeof PowOptions>;

export interface PowRequest {
  readonly nonce: number[];
  readonly zeros: number;
}

/**
 * The requests: each --nonce is `BYTES` (comma-separated, 0-255) with --zeros, or `BYTES@ZEROS`.
 * Without --nonce, the seed's sample client's two requests. Returns a problem, or the requests.
 */
export function powRequests(options: PowOptions): PowRequest[] | string {
  const texts = options.nonce.length > 0 ? options.nonce : SAMPLE_REQUESTS;
  const requests: PowRequest[] = [];
  for (const text of texts) {
    const [bytes = '', zerosText, extra] = text.split('@');
    if (extra !== undefined) return `--nonce: '${text}' has more than one @`;
    if (bytes.trim() === '') return `--nonce: empty; give bytes such as 1,2,3,4`;
    const nonce = bytes.split(',').map((b) => integerText(b));
    if (nonce.some((b) => typeof b !== 'number' || b < 0 || b > 255))
      return `--nonce: '${bytes}' is not a list of bytes 0-255 such as 1,2,3,4`;
    if (nonce.length > MAX_NONCE_BYTES) return `--nonce: at most ${MAX_NONCE_BYTES} bytes`;
    const zeros = zerosText === undefined ? options.zeros : Zeros.safeParse(zerosText).data;
    if (zeros === undefined)
      return zerosText === undefined
        ? '--zeros: required (or write --nonce BYTES@ZEROS)'
        : `--nonce: '@${zerosText}' must be a whole number from 1 to ${MAX_ZEROS}`;
    requests.push({ nonce: nonce as number[], zeros });
  }
  return requests;
}
