import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRng } from '../../src/common/rng.js';
import { MasterState, type MasterEffects } from '../../src/master/index.js';
import type { BusMessage, GrantMessage } from '../../src/protocol/index.js';

function harness(slaves: number, leaseMs = 1000) {
  const broadcasts: BusMessage[] = [];
  const grants: GrantMessage[] = [];
  const rejected: string[] = [];
  const outcome: { order?: number[]; error?: Error } = {};
  const effects: MasterEffects = {
    broadcast: (m) => broadcasts.push(m),
    grant: (m) => grants.push(m),
    reject: (_where, reason) => rejected.push(reason),
    finish: (order) => (outcome.order = order),
    fail: (error) => (outcome.error = error),
  };
  const state = new MasterState(slaves, leaseMs, createRng(7), effects);
  const joinAll = (): void => {
    for (let id = 0; id < slaves; id++) state.onMasterQueue({ type: 'join', slave: id });
  };
  const lastGrant = (): GrantMessage => {
    const grant = grants.at(-1);
    if (!grant) throw new Error('expected a grant');
    return grant;
  };
  return { state, broadcasts, grants, rejected, outcome, joinAll, lastGrant };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('MasterState', () => {
  it('starts and grants round 0 only after every slave joined', () => {
    const { state, broadcasts, grants } = harness(3);
    state.onMasterQueue({ type: 'join', slave: 0 });
    state.onMasterQueue({ type: 'join', slave: 2 });
    expect(broadcasts).toEqual([]);
    expect(grants).toEqual([]);
    state.onMasterQueue({ type: 'join', slave: 1 });
    expect(broadcasts).toEqual([{ type: 'start', slaves: 3 }]);
    expect(grants).toEqual([{ type: 'grant', slave: expect.any(Number) as number, round: 0 }]);
    state.stop();
  });

  it('runs a whole protocol, one writer per round, each granted once, and ends with done carrying the order', () => {
    const { state, broadcasts, grants, outcome, joinAll, lastGrant } = harness(4);
    joinAll();
    for (let round = 0; round < 4; round++) {
      const grant = lastGrant();
      expect(grant.round).toBe(round);
      state.onMasterQueue({ type: 'value', slave: grant.slave, round, value: 5 });
    }
    const order = grants.map((g) => g.slave);
    expect([...order].sort()).toEqual([0, 1, 2, 3]);
    expect(broadcasts.at(-1)).toEqual({ type: 'done', rounds: 4, order });
    expect(outcome.order).toBeUndefined();
    state.onBus({ type: 'done', rounds: 4, order });
    expect(outcome.order).toEqual(order);
  });

  it("relays each granted value to the bus, after the next round's grant, and nothing it was not granted", () => {
    const { state, broadcasts, grants, rejected, joinAll, lastGrant } = harness(3);
    joinAll();
    const first = lastGrant();
    const stranger = [0, 1, 2].find((id) => id !== first.slave) ?? 0;
    state.onMasterQueue({ type: 'value', slave: stranger, round: 0, value: 3 });
    expect(broadcasts).toEqual([{ type: 'start', slaves: 3 }]);
    expect(rejected).toEqual([`value from slave ${stranger} for round 0 was not granted`]);
    state.onMasterQueue({ type: 'value', slave: first.slave, round: 0, value: 8 });
    expect(grants).toHaveLength(2);
    expect(broadcasts.at(-1)).toEqual({ type: 'value', slave: first.slave, round: 0, value: 8 });
    state.stop();
  });

  it('grants in the same order for the same seed, whatever order the joins arrive in', () => {
    const orders = [
      [0, 1, 2, 3, 4],
      [4, 2, 0, 3, 1],
    ].map((joins) => {
      const { state, grants, lastGrant } = harness(5);
      for (const id of joins) state.onMasterQueue({ type: 'join', slave: id });
      for (let round = 0; round < 5; round++) state.onMasterQueue({ type: 'value', slave: lastGrant().slave, round, value: 1 });
      state.stop();
      return grants.map((g) => g.slave);
    });
    expect(orders[0]).toEqual(orders[1]);
  });

  it('rejects a value from a slave that was not granted, unknown slaves and a second join', () => {
    const { state, rejected, grants, lastGrant } = harness(2);
    state.onMasterQueue({ type: 'join', slave: 5 });
    state.onMasterQueue({ type: 'join', slave: 0 });
    state.onMasterQueue({ type: 'join', slave: 0 });
    state.onMasterQueue({ type: 'join', slave: 1 });
    expect(rejected).toEqual(['join from unknown slave 5', 'duplicate join from slave 0']);
    const other = 1 - lastGrant().slave;
    state.onMasterQueue({ type: 'value', slave: other, round: 0, value: 1 });
    state.onMasterQueue({ type: 'value', slave: lastGrant().slave, round: 1, value: 1 });
    expect(rejected).toHaveLength(4);
    expect(grants).toHaveLength(1);
    state.stop();
  });

  it('fails naming the granted slave when it writes nothing within the lease', () => {
    vi.useFakeTimers();
    const { outcome, joinAll, lastGrant } = harness(2, 500);
    joinAll();
    const grant = lastGrant();
    vi.advanceTimersByTime(499);
    expect(outcome.error).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(outcome.error?.message).toBe(`slave ${grant.slave} was granted round 0 but wrote no value within the 500 ms lease`);
  });

  it('fails when the bus does not bring back its own done within the lease', () => {
    vi.useFakeTimers();
    const { state, outcome, joinAll, lastGrant } = harness(1, 500);
    joinAll();
    state.onMasterQueue({ type: 'value', slave: lastGrant().slave, round: 0, value: 3 });
    vi.advanceTimersByTime(500);
    expect(outcome.error?.message).toContain("did not deliver the master's done");
  });
});
