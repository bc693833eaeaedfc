import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRng } from '../../src/common/rng.js';
import { MasterState, type MasterEffects } from '../../src/master/index.js';
import type { BusMessage } from '../../src/protocol/index.js';

function harness(slaves: number, leaseMs = 1000) {
  const broadcasts: BusMessage[] = [];
  const rejected: string[] = [];
  const outcome: { order?: number[]; error?: Error } = {};
  const effects: MasterEffects = {
    broadcast: (m) => broadcasts.push(m),
    reject: (_where, reason) => rejected.push(reason),
    finish: (order) => (outcome.order = order),
    fail: (error) => (outcome.error = error),
  };
  const state = new MasterState(slaves, leaseMs, createRng(7), effects);
  return { state, broadcasts, rejected, outcome };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('MasterState', () => {
  it('starts only after every slave joined, and grants only when every active slave requested', () => {
    const { state, broadcasts } = harness(3);
    state.onMasterQueue({ type: 'join', slave: 0 });
    state.onMasterQueue({ type: 'join', slave: 2 });
    expect(broadcasts).toEqual([]);
    state.onMasterQueue({ type: 'join', slave: 1 });
    expect(broadcasts).toEqual([{ type: 'start', slaves: 3 }]);
    state.onMasterQueue({ type: 'request', slave: 0, round: 0 });
    state.onMasterQueue({ type: 'request', slave: 1, round: 0 });
    expect(broadcasts).toHaveLength(1);
    state.onMasterQueue({ type: 'request', slave: 2, round: 0 });
    expect(broadcasts[1]).toMatchObject({ type: 'grant', round: 0 });
    state.stop();
  });

  it('runs a whole protocol, one writer per round, and finishes with done', () => {
    const { state, broadcasts, outcome } = harness(3);
    for (const id of [0, 1, 2]) state.onMasterQueue({ type: 'join', slave: id });
    const active = new Set([0, 1, 2]);
    for (let round = 0; round < 3; round++) {
      for (const id of active) state.onMasterQueue({ type: 'request', slave: id, round });
      const grant = broadcasts.at(-1);
      if (grant?.type !== 'grant') throw new Error('expected a grant');
      active.delete(grant.slave);
      state.onBus({ type: 'value', slave: grant.slave, round, value: 5 });
    }
    expect(broadcasts.at(-1)).toEqual({ type: 'done', rounds: 3 });
    expect(outcome.order).toBeUndefined();
    state.onBus({ type: 'done', rounds: 3 });
    expect([...(outcome.order ?? [])].sort()).toEqual([0, 1, 2]);
  });

  it('rejects a value from a slave that was not granted, and requests from unknown or finished slaves', () => {
    const { state, broadcasts, rejected } = harness(2);
    state.onMasterQueue({ type: 'join', slave: 0 });
    state.onMasterQueue({ type: 'join', slave: 1 });
    state.onMasterQueue({ type: 'request', slave: 5, round: 0 });
    state.onMasterQueue({ type: 'request', slave: 0, round: 0 });
    state.onMasterQueue({ type: 'request', slave: 1, round: 0 });
    const grant = broadcasts.at(-1);
    if (grant?.type !== 'grant') throw new Error('expected a grant');
    const other = 1 - grant.slave;
    state.onBus({ type: 'value', slave: other, round: 0, value: 1 });
    expect(rejected).toHaveLength(2);
    state.onBus({ type: 'value', slave: grant.slave, round: 0, value: 1 });
    state.onMasterQueue({ type: 'request', slave: grant.slave, round: 1 });
    expect(rejected).toHaveLength(3);
    state.stop();
  });

  it('fails naming the granted slave when it writes nothing within the lease', () => {
    vi.useFakeTimers();
    const { state, broadcasts, outcome } = harness(2, 500);
    state.onMasterQueue({ type: 'join', slave: 0 });
    state.onMasterQueue({ type: 'join', slave: 1 });
    state.onMasterQueue({ type: 'request', slave: 0, round: 0 });
    state.onMasterQueue({ type: 'request', slave: 1, round: 0 });
    const grant = broadcasts.at(-1);
    if (grant?.type !== 'grant') throw new Error('expected a grant');
    vi.advanceTimersByTime(499);
    expect(outcome.error).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(outcome.error?.message).toContain(`slave ${grant.slave} was granted round 0`);
  });

  it('fails naming the slaves that sent no request within the lease', () => {
    vi.useFakeTimers();
    const { state, outcome } = harness(3, 500);
    for (const id of [0, 1, 2]) state.onMasterQueue({ type: 'join', slave: id });
    state.onMasterQueue({ type: 'request', slave: 1, round: 0 });
    vi.advanceTimersByTime(500);
    expect(outcome.error?.message).toBe('slaves 0, 2 sent no request for round 0 within the 500 ms lease');
  });
});
