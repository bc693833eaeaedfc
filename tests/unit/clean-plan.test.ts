import { describe, expect, it } from 'vitest';
import { parseDuration, planClean, runOf } from '../../src/cli/clean-plan.js';

const now = 1_000_000_000;

describe('fnsync clean: what it removes', () => {
  const snapshot = {
    queues: ['fnsync.dead.master', 'fnsync.live.master', 'fnsync.old.replies', 'other.queue', 'fnsyncish.x', 'fnsync.', 'amq.gen-1'],
    exchanges: ['fnsync.dead.bus', 'fnsync.live.bus', 'amq.fanout', ''],
    connections: [
      { id: 'c1', connectionName: 'fnsync.live.orchestrator', connectedAt: now - 1000 },
      { id: 'c2', connectionName: 'fnsync.old.replies', connectedAt: now - 3_600_000 },
      { id: 'c3', connectionName: 'someone-else', connectedAt: now - 9_999_999 },
    ],
  };

  it('removes runs with no open connection, and never a name outside fnsync.<run>.', () => {
    expect(planClean(snapshot, { now })).toEqual({
      runs: ['dead'],
      queues: ['fnsync.dead.master'],
      exchanges: ['fnsync.dead.bus'],
      connections: [],
    });
  });

  it('with --older-than, also stops runs whose connections are all older, closing them', () => {
    expect(planClean(snapshot, { now, olderThanMs: 60_000 })).toEqual({
      runs: ['dead', 'old'],
      queues: ['fnsync.dead.master', 'fnsync.old.replies'],
      exchanges: ['fnsync.dead.bus'],
      connections: [{ id: 'c2', connectionName: 'fnsync.old.replies' }],
    });
  });

  it('with --run-id, only that run', () => {
    expect(planClean(snapshot, { now, olderThanMs: 0, runId: 'live' }).runs).toEqual(['live']);
    expect(planClean(snapshot, { now, runId: 'live' }).runs).toEqual([]);
  });

  it('reads run ids and durations', () => {
    expect(runOf('fnsync.ab12.device.3')).toBe('ab12');
    expect(runOf('fnsync.x')).toBeUndefined();
    expect(runOf('other.ab12.x')).toBeUndefined();
    expect([parseDuration('30s'), parseDuration('10m'), parseDuration('2h'), parseDuration('1d'), parseDuration('250')]).toEqual([
      30_000, 600_000, 7_200_000, 86_400_000, 250,
    ]);
    expect(parseDuration('soon')).toBeUndefined();
  });
});
