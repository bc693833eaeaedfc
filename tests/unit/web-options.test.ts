import { describe, expect, it } from 'vitest';
import { announce } from '../../src/cli/web-options.js';

describe('where the page is served', () => {
  it('says that loopback is this machine only', () => {
    expect(announce('the web stepper', 'http://127.0.0.1:4000/', '127.0.0.1')).toBe(
      'fnsync: the web stepper at http://127.0.0.1:4000/ (listening on 127.0.0.1 only: this machine alone can open it; --host ADDRESS serves it elsewhere)',
    );
  });

  it('warns that another address lets others see and drive a run', () => {
    expect(announce('the web stepper', 'http://127.0.0.1:4000/', '0.0.0.0')).toContain(
      'listening on 0.0.0.0: anyone who can reach this address can see and drive it',
    );
    expect(announce('the trace t.jsonl', 'http://127.0.0.1:4000/', '0.0.0.0')).toContain('can see it');
    // A node's dashboard draws on the whiteboard and moves the node: driving too.
    expect(announce('the dashboard of node alice', 'http://127.0.0.1:4000/', '0.0.0.0')).toContain('can see and drive it');
  });
});
