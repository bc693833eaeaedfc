import { describe, expect, it } from 'vitest';
import type { ListEntry, MasterQueueMessage } from '../../src/protocol/index.js';
import { SlaveState } from '../../src/slave/index.js';

function harness(id: number, slaves: number, value = 42) {
  const toMaster: MasterQueueMessage[] = [];
  /** The values it wrote (to the master, which relays them). */
  const written: MasterQueueMessage[] = [];
  const rejected: string[] = [];
  const outcome: { list?: ListEntry[]; error?: Error } = {};
  const state = new SlaveState(id, slaves, value, {
    toMaster: (m) => (m.type === 'value' ? written : toMaster).push(m),
    reject: (_where, reason) => rejected.push(reason),
    finish: (list) => (outcome.list = list),
    fail: (error) => (outcome.error = error),
  });
  return { state, toMaster, written, rejected, outcome };
}

describe('SlaveState', () => {
  it('joins once, writes once when granted, places every value and finishes at done', () => {
    const { state, toMaster, written, outcome } = harness(1, 2, 99);
    state.join();
    state.onMessage({ type: 'start', slaves: 2 });
    expect(toMaster).toEqual([{ type: 'join', slave: 1 }]);
    state.onMessage({ type: 'grant', slave: 1, round: 0 });
    expect(written).toEqual([{ type: 'value', slave: 1, round: 0, value: 99 }]);
    state.onMessage({ type: 'value', slave: 1, round: 0, value: 99 });
    state.onMessage({ type: 'value', slave: 0, round: 1, value: 7 });
    expect(outcome.list).toBeUndefined();
    state.onMessage({ type: 'done', rounds: 2, order: [1, 0] });
    expect(toMaster).toHaveLength(1);
    expect(outcome.list).toEqual([
      { writer: 1, value: 99 },
      { writer: 0, value: 7 },
    ]);
  });

  it('writes at once when its grant overtakes the values before it, and places them in round order', () => {
    const { state, written, outcome } = harness(2, 3, 77);
    state.onMessage({ type: 'grant', slave: 2, round: 2 });
    expect(written).toEqual([{ type: 'value', slave: 2, round: 2, value: 77 }]);
    state.onMessage({ type: 'value', slave: 2, round: 2, value: 77 });
    state.onMessage({ type: 'done', rounds: 3, order: [0, 1, 2] });
    state.onMessage({ type: 'value', slave: 1, round: 1, value: 5 });
    expect(outcome.list).toBeUndefined();
    state.onMessage({ type: 'value', slave: 0, round: 0, value: 4 });
    expect(outcome.list).toEqual([
      { writer: 0, value: 4 },
      { writer: 1, value: 5 },
      { writer: 2, value: 77 },
    ]);
  });

  it('ignores a repeated grant or value, and rejects a second writer for a round and a writer writing twice', () => {
    const { state, written, rejected, outcome } = harness(0, 2);
    state.onMessage({ type: 'grant', slave: 0, round: 0 });
    state.onMessage({ type: 'grant', slave: 0, round: 0 });
    expect(written).toHaveLength(1);
    state.onMessage({ type: 'value', slave: 1, round: 1, value: 5 });
    state.onMessage({ type: 'value', slave: 1, round: 1, value: 5 });
    expect(rejected).toEqual([]);
    state.onMessage({ type: 'value', slave: 0, round: 1, value: 6 });
    state.onMessage({ type: 'value', slave: 1, round: 0, value: 5 });
    expect(rejected).toHaveLength(2);
    state.onMessage({ type: 'value', slave: 0, round: 0, value: 42 });
    state.onMessage({ type: 'done', rounds: 2, order: [0, 1] });
    expect(outcome.list).toEqual([
      { writer: 0, value: 42 },
      { writer: 1, value: 5 },
    ]);
  });

  it('fails when its list is not in the grant order of done: a value written without a grant cannot pass', () => {
    const { state, outcome } = harness(0, 2);
    state.onMessage({ type: 'value', slave: 1, round: 0, value: 5 });
    state.onMessage({ type: 'value', slave: 0, round: 1, value: 42 });
    state.onMessage({ type: 'done', rounds: 2, order: [0, 1] });
    expect(outcome.list).toBeUndefined();
    expect(outcome.error?.message).toBe('round 0 holds a value of slave 1, but the master granted it to slave 0');
  });

  it('fails when granted again after writing, on abort, and on a done for another number of slaves', () => {
    const twice = harness(0, 3);
    twice.state.onMessage({ type: 'grant', slave: 0, round: 0 });
    twice.state.onMessage({ type: 'grant', slave: 0, round: 2 });
    expect(twice.outcome.error?.message).toBe('slave 0 was granted round 2 after it had written round 0');

    const aborted = harness(0, 2);
    aborted.state.onMessage({ type: 'abort', reason: 'slave 1 was granted round 0 but wrote no value' });
    expect(aborted.outcome.error?.message).toContain('slave 1 was granted round 0');

    const wrong = harness(0, 2);
    wrong.state.onMessage({ type: 'done', rounds: 3, order: [0, 1, 2] });
    expect(wrong.outcome.error?.message).toContain('done after 3 rounds (3 grants) for 2 slaves');
  });

  it('rejects a grant meant for another slave', () => {
    const { state, written, rejected } = harness(0, 2);
    state.onMessage({ type: 'grant', slave: 1, round: 0 });
    expect(written).toEqual([]);
    expect(rejected).toEqual(['grant of round 0 to slave 1, in round 0']);
  });
});
