import { describe, expect, it } from 'vitest';
import { runRegistered } from '../support/exercise-run.js';

describe('--crash DEVICE@T:K: a crash in the middle of a round', () => {
  it.each(['sync', 'async'] as const)('lets the device make K more sends, then stops it at its next send or wait (%s)', async (mode) => {
    const { trace, crashed, report } = await runRegistered(1, 'Gossip', {
      devices: 5,
      mode,
      faults: { crashes: [{ device: 0, at: mode === 'sync' ? 0 : 1, sends: 2 }] },
    });
    const events = trace.events();
    expect(events.filter((e) => e.src === 0 && (e.kind === 'send' || e.kind === 'crash')).map((e) => [e.kind, e.dst])).toEqual([
      ['send', 1],
      ['send', 2],
      ['crash', null],
    ]);
    expect(crashed).toEqual([true, false, false, false, false]);
    // Devices 3 and 4 never heard of secret 0: the multicast reached only some.
    expect(report.check.details).toMatch(/device 3 does not know secret 0; device 4 does not know secret 0/);
  });

  it('crashes a device that waits before it has made its K sends', async () => {
    const { trace, crashed, report } = await runRegistered(0, 'PingPong', {
      devices: 3,
      faults: { crashes: [{ device: 1, at: 3, sends: 5 }] },
    });
    const events = trace.events();
    expect(events.filter((e) => e.kind === 'send' && e.src === 1)).toHaveLength(4);
    expect(events.find((e) => e.kind === 'crash')).toMatchObject({ src: 1, round: 3 });
    expect(crashed).toEqual([false, true, false]);
    expect(report.rounds).toBe(10);
  });
});
