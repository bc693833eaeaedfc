import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RunKey } from '../../src/transport/index.js';

describe('RunKey', () => {
  it('tags with standard HMAC-SHA256 over (run, sender, type, message id, bytes), whatever place it saw before', () => {
    const key = RunKey.create('run-1');
    const secret = Buffer.from(key.secret, 'base64url');
    for (let i = 0; i < 50; i++) {
      const from = `slave.${i % 7}`;
      const type = i % 2 === 0 ? 'value' : 'done';
      const body = randomBytes(i * 3);
      const expected = createHmac('sha256', secret).update(`run-1\u0000${from}\u0000${type}\u0000\u0000`).update(body).digest('base64url');
      const headers = key.sign(from, type, body);
      expect(headers['x-fnsync-tag']).toBe(expected);
      expect(key.verify(headers, body)).toEqual({ ok: true, from, type, tag: expected });
    }
  });

  it('refuses a tag from another key, another run, altered bytes or another sender', () => {
    const key = RunKey.create('run-1');
    const body = Buffer.from('{"type":"value"}');
    const headers = key.sign('slave.1', 'value', body);
    expect(RunKey.create('run-1').verify(headers, body)).toEqual({ ok: false, why: 'forged' });
    expect(RunKey.fromSecret('run-2', key.secret).verify(headers, body)).toEqual({ ok: false, why: 'forged' });
    expect(key.verify(headers, Buffer.from('{"type":"valuE"}'))).toEqual({ ok: false, why: 'forged' });
    expect(key.verify({ ...headers, 'x-fnsync-from': 'slave.2' }, body)).toEqual({ ok: false, why: 'forged' });
    expect(key.verify({}, body)).toEqual({ ok: false, why: 'unauthenticated' });
  });

  it('remembers what it verified (inline slaves share it), and only an exact repeat passes without its HMAC', () => {
    const key = RunKey.create('run-1');
    const body = Buffer.from('{"type":"value","slave":1}');
    const headers = key.sign('slave.1', 'value', body);
    expect(key.verify(headers, body).ok).toBe(true);
    // Another instance of the same key (another inline function) takes the remembered answer.
    expect(RunKey.fromSecret('run-1', key.secret).verify(headers, Buffer.from(body)).ok).toBe(true);
    expect(key.verify(headers, Buffer.from('{"type":"value","slave":2}'))).toEqual({ ok: false, why: 'forged' });
    expect(key.verify({ ...headers, 'x-fnsync-from': 'slave.2' }, body)).toEqual({ ok: false, why: 'forged' });
    expect(key.verify({ ...headers, 'x-fnsync-type': 'done' }, body)).toEqual({ ok: false, why: 'forged' });
    expect(key.verify(headers, body, 'n0nce.1')).toEqual({ ok: false, why: 'forged' });
    expect(RunKey.fromSecret('run-2', key.secret).verify(headers, body)).toEqual({ ok: false, why: 'forged' });
    expect(RunKey.create('run-1').verify(headers, body)).toEqual({ ok: false, why: 'forged' });
  });

  it('binds the message id: a copy keeps it, a replay under another id (or none) is forged', () => {
    const key = RunKey.create('run-1');
    const body = Buffer.from('{"type":"value"}');
    const headers = key.sign('slave.1', 'value', body, 'n0nce.7');
    expect(key.verify(headers, body, 'n0nce.7')).toEqual({ ok: true, from: 'slave.1', type: 'value', tag: headers['x-fnsync-tag'] });
    expect(key.verify(headers, body, 'n0nce.8')).toEqual({ ok: false, why: 'forged' });
    expect(key.verify(headers, body)).toEqual({ ok: false, why: 'forged' });
    expect(key.verify(key.sign('slave.1', 'value', body), body, 'n0nce.7')).toEqual({ ok: false, why: 'forged' });
    expect(() => key.sign('slave.1', 'value', body, 'a\u0000b')).toThrow(RangeError);
  });
});
