import { describe, expect, it } from 'vitest';
import type { BusMessage, ListEntry, MasterQueueMessage } from '../../src/protocol/index.js';
import { SlaveState } from '../../src/slave/index.js';

function harness(id: number, slaves: number, value = 42) {
  const toMaster: MasterQueueMessage[] = [];
  const broadcasts: BusMessage[] = [];
  const rejected: string[] = [];
  const outcome: { list?: ListEntry[]; error?: Error } = {};
  const state = new SlaveState(id, slaves, value, {
    toMaster: (m) => toMaster.push(m),
    broadcast: (m) => broadcasts.push(m),
    reject: (_where, reason) => rejected.push(reason),
    finish: (list) => (outcome.list = list),
    fail: (error) => (outcome.error = error),
  });
  return { state, toMaster, broadcasts, rejected, outcome };
}

describe('SlaveState', () => {
  it('joins, requests after start, writes once when granted, and requests no more', () => {
    const { state, toMaster, broadcasts, outcome } = harness(1, 2, 99);
    state.join();
    state.onBus({ type: 'start', slaves: 2 });
    expect(toMaster).toEqual([
      { type: 'join', slave: 1 },
      { type: 'request', slave: 1, round: 0 },
    ]);
    state.onBus({ type: 'grant', slave: 1, round: 0 });
    expect(broadcasts).toEqual([{ type: 'value', slave: 1, round: 0, value: 99 }]);
    state.onBus({ type: 'value', slave: 1, round: 0, value: 99 });
    expect(toMaster).toHaveLength(2);
    state.onBus({ type: 'grant', slave: 0, round: 1 });
    state.onBus({ type: 'value', slave: 0, round: 1, value: 7 });
    state.onBus({ type: 'done', rounds: 2 });
    expect(outcome.list).toEqual([
      { writer: 1, value: 99 },
      { writer: 0, value: 7 },
    ]);
  });

  it('holds a value that overtakes its grant, and rejects a forged value for the same round', () => {
    const { state, toMaster, rejected, outcome } = harness(0, 2);
    state.onBus({ type: 'start', slaves: 2 });
    state.onBus({ type: 'value', slave: 1, round: 0, value: 5 });
    state.onBus({ type: 'value', slave: 0, round: 0, value: 666 });
    expect(rejected).toEqual([]);
    state.onBus({ type: 'grant', slave: 1, round: 0 });
    expect(rejected).toHaveLength(1);
    expect(toMaster.at(-1)).toEqual({ type: 'request', slave: 0, round: 1 });
    state.onBus({ type: 'grant', slave: 0, round: 1 });
    state.onBus({ type: 'value', slave: 0, round: 1, value: 42 });
    state.onBus({ type: 'done', rounds: 2 });
    expect(outcome.list).toEqual([
      { writer: 1, value: 5 },
      { writer: 0, value: 42 },
    ]);
  });

  it('fails on abort, and on a done for another number of slaves', () => {
    const aborted = harness(0, 2);
    aborted.state.onBus({ type: 'abort', reason: 'slave 1 was granted round 0 but wrote no value' });
    expect(aborted.outcome.error?.message).toContain('slave 1 was granted round 0');

    const wrong = harness(0, 2);
    wrong.state.onBus({ type: 'start', slaves: 2 });
    wrong.state.onBus({ type: 'done', rounds: 3 });
    expect(wrong.outcome.error?.message).toContain('done after 3 rounds for 2 slaves');
  });

  it('finishes when a done that overtook the last value is followed by that value', () => {
    const { state, outcome } = harness(0, 1);
    state.onBus({ type: 'start', slaves: 1 });
    state.onBus({ type: 'grant', slave: 0, round: 0 });
    state.onBus({ type: 'done', rounds: 1 });
    expect(outcome.list).toBeUndefined();
    state.onBus({ type: 'value', slave: 0, round: 0, value: 42 });
    expect(outcome.list).toEqual([{ writer: 0, value: 42 }]);
  });
});

describe('SlaveState pipelining', () => {
  it('requests the next round as soon as a grant names another slave, once', () => {
    const { state, toMaster } = harness(2, 3);
    state.onBus({ type: 'start', slaves: 3 });
    state.onBus({ type: 'grant', slave: 0, round: 0 });
    expect(toMaster.at(-1)).toEqual({ type: 'request', slave: 2, round: 1 });
    state.onBus({ type: 'value', slave: 0, round: 0, value: 1 });
    expect(toMaster.filter((m) => m.type === 'request')).toHaveLength(2);
  });

  it('keeps a grant that overtook the previous value and applies both in order', () => {
    const { state, broadcasts, outcome } = harness(1, 2, 77);
    state.onBus({ type: 'start', slaves: 2 });
    state.onBus({ type: 'grant', slave: 0, round: 0 });
    state.onBus({ type: 'grant', slave: 1, round: 1 });
    expect(broadcasts).toEqual([{ type: 'value', slave: 1, round: 1, value: 77 }]);
    state.onBus({ type: 'value', slave: 1, round: 1, value: 77 });
    state.onBus({ type: 'value', slave: 0, round: 0, value: 5 });
    state.onBus({ type: 'done', rounds: 2 });
    expect(outcome.list).toEqual([
      { writer: 0, value: 5 },
      { writer: 1, value: 77 },
    ]);
  });
});
