import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { VerifiedMemo } from './verified-memo.js';

/** The headers that carry a message's authentication. */
export const FROM_HEADER = 'x-fnsync-from';
const TYPE_HEADER = 'x-fnsync-type';
const TAG_HEADER = 'x-fnsync-tag';

const KEY_BYTES = 32;
const TAG_BYTES = 32;

/** Messages verified in this process (shared by the functions an inline run holds). */
const verified = new VerifiedMemo();

/** Where a message was sent: NUL between the parts, which none may contain, so no two places frame the same bytes. */
function place(runId: string, from: string, type: string, id: string): string {
  return `${runId}\u0000${from}\u0000${type}\u0000${id}`;
}

/** Why a message failed authentication. */
export type AuthFailure = 'unauthenticated' | 'forged';

/**
 * A run's secret: every message the run puts on the broker carries an HMAC-SHA256 tag over its
 * place (run, sender, type) and its bytes, and receivers check it before anything else. The secret
 * reaches functions only in their payload (over IPC, in memory, or through a FaaS invoke API),
 * never on the broker; so anyone who can publish to the broker can delay a run, but cannot make a
 * message the run accepts.
 */
export class RunKey {
  private constructor(
    readonly runId: string,
    private readonly key: Buffer,
  ) {}

  /** A fresh secret for a run. */
  static create(runId: string): RunKey {
    return new RunKey(runId, randomBytes(KEY_BYTES));
  }

  /** The key a payload carries (`secret` below), for the run's functions. */
  static fromSecret(runId: string, secret: string): RunKey {
    const key = Buffer.from(secret, 'base64url');
    if (key.length !== KEY_BYTES) throw new RangeError(`a run secret is ${KEY_BYTES} bytes, base64url`);
    return new RunKey(runId, key);
  }

  /** The secret as text, for payloads only: never log it, never put it on the broker. */
  get secret(): string {
    return this.key.toString('base64url');
  }

  /**
   * The headers that authenticate `body` as sent by `from`, of type `type`, with the message id
   * `id` ('' for none): a copy of the message keeps its id (a receiver drops it as a duplicate), a
   * replay under another id fails its tag.
   */
  sign(from: string, type: string, body: Buffer, id = ''): Record<string, string> {
    if (`${from}${type}${id}`.includes('\u0000')) throw new RangeError('a sender, a type or an id may not contain NUL');
    return {
      [FROM_HEADER]: from,
      [TYPE_HEADER]: type,
      [TAG_HEADER]: this.tag(place(this.runId, from, type, id), body).toString('base64url'),
    };
  }

  /** The authenticated sender of `body`, or why it is not authenticated. */
  verify(
    headers: Readonly<Record<string, unknown>> | undefined,
    body: Buffer,
    id = '',
  ): { ok: true; from: string; type: string; tag: string } | { ok: false; why: AuthFailure } {
    const from = headers?.[FROM_HEADER];
    const type = headers?.[TYPE_HEADER];
    const tag = headers?.[TAG_HEADER];
    if (typeof from !== 'string' || typeof type !== 'string' || typeof tag !== 'string') return { ok: false, why: 'unauthenticated' };
    if (`${from}${type}${id}`.includes('\u0000')) return { ok: false, why: 'forged' };
    const where = place(this.runId, from, type, id);
    if (verified.has(this.key, where, body, tag)) return { ok: true, from, type, tag };
    const given = Buffer.from(tag, 'base64url');
    const expected = this.tag(where, body);
    if (given.length !== TAG_BYTES || !timingSafeEqual(given, expected)) return { ok: false, why: 'forged' };
    verified.add(this.key, where, body, tag);
    return { ok: true, from, type, tag };
  }

  private tag(where: string, body: Buffer): Buffer {
    return createHmac('sha256', this.key).update(`${where}\u0000`).update(body).digest();
  }
}
