import { describe, expect, it } from 'vitest';
import { Outbox } from '../../src/transport/outbox.js';
import { RecentIds } from '../../src/transport/recent-ids.js';

const message = (n: number) => ({ exchange: 'x', routingKey: String(n), body: Buffer.from([n]), options: {} });

describe('the outbox of unconfirmed publishes', () => {
  it('keeps publish order for a resend, and drains when the last is confirmed', async () => {
    const outbox = new Outbox();
    const ids = [1, 2, 3].map((n) => outbox.add(message(n)));
    outbox.settle(ids[1] ?? -1);
    expect(outbox.entries().map(([, m]) => m.routingKey)).toEqual(['1', '3']);
    let drained = false;
    const waiting = outbox.drained().then(() => (drained = true));
    outbox.settle(ids[0] ?? -1);
    outbox.settle(ids[0] ?? -1); // twice (an old link's late confirm): no harm
    await Promise.resolve();
    expect(drained).toBe(false);
    outbox.settle(ids[2] ?? -1);
    await waiting;
    expect(outbox.size).toBe(0);
    await outbox.drained(); // at once when empty
  });
});

describe('the ids a consumer already took', () => {
  it('says seen for a copy, not for a new id, and forgets the oldest past its bound', () => {
    const recent = new RecentIds();
    expect(recent.seen('a.1')).toBe(false);
    expect(recent.seen('a.1')).toBe(true);
    expect(recent.seen('b.1')).toBe(false);
    for (let i = 0; i < 50_000; i++) recent.seen(`c.${i}`);
    expect(recent.seen('a.1')).toBe(false); // forgotten, so remembered anew
    expect(recent.seen('c.49999')).toBe(true);
  });
});
