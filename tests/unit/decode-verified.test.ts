import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { decodeVerified } from '../../src/transport/decode-verified.js';

const Value = z.strictObject({ type: z.literal('value'), order: z.array(z.int()) });
const Other = z.strictObject({ type: z.literal('done') });

describe('decodeVerified', () => {
  it('decodes a verified body once per schema, and every receiver gets the same frozen value', () => {
    const body = Buffer.from('{"type":"value","order":[2,0,1]}');
    const first = decodeVerified('tag-a', body, Value);
    const second = decodeVerified('tag-a', Buffer.from(body), Value);
    expect(first).toEqual({ ok: true, value: { type: 'value', order: [2, 0, 1] } });
    expect(second).toBe(first);
    if (!first.ok) throw new Error('expected a value');
    expect(Object.isFrozen(first.value)).toBe(true);
    expect(Object.isFrozen(first.value.order)).toBe(true);
  });

  it('judges the same tag under another schema on its own, and keeps failures as failures', () => {
    const body = Buffer.from('{"type":"value","order":[1]}');
    expect(decodeVerified('tag-b', body, Value).ok).toBe(true);
    const other = decodeVerified('tag-b', body, Other);
    expect(other.ok).toBe(false);
    expect(decodeVerified('tag-b', body, Other)).toBe(other);
    expect(decodeVerified('tag-c', Buffer.from('not json'), Value)).toEqual({ ok: false, reason: 'not JSON' });
  });
});
