import { describe, expect, it } from 'vitest';
import { ClusterNames, renderMandelbrotPng } from '../../src/nodes/index.js';
import { NodeMessage } from '../../src/nodes/messages.js';

describe('cluster names', () => {
  it('names every broker object fnsync.<cluster>.* and refuses names the broker or a shell would mangle', () => {
    const names = new ClusterNames('lab-1');
    expect([names.bus, names.genesis, names.members, names.node('0a1b2c3d'), names.work('square')]).toEqual([
      'fnsync.lab-1.bus',
      'fnsync.lab-1.genesis',
      'fnsync.lab-1.members',
      'fnsync.lab-1.node.0a1b2c3d',
      'fnsync.lab-1.fn.square',
    ]);
    for (const bad of ['', 'Bad Name', 'a/b', 'amq.x', 'x'.repeat(64), 'é'])
      expect(() => new ClusterNames(bad), bad).toThrow(/cluster name .* is not valid/);
  });
});

describe('node messages', () => {
  it('takes well-formed messages and refuses extra fields, bad ids, negative counts and paths as file names', () => {
    expect(NodeMessage.safeParse({ type: 'echo', from: '0a1b2c3d', seq: 3 }).success).toBe(true);
    expect(NodeMessage.safeParse({ type: 'echo', from: '0a1b2c3d', seq: 3, extra: 1 }).success).toBe(false);
    expect(NodeMessage.safeParse({ type: 'echo', from: 'alice', seq: 3 }).success).toBe(false);
    expect(NodeMessage.safeParse({ type: 'lock-request', from: '0a1b2c3d', n: -1 }).success).toBe(false);
    expect(
      NodeMessage.safeParse({ type: 'file-read', from: '0a1b2c3d', reqId: 'r', name: '../etc/passwd', offset: 0, length: 1 }).success,
    ).toBe(false);
    expect(NodeMessage.safeParse({ type: 'var-read', from: '0a1b2c3d', reqId: 'r', cell: 'blocks#3' }).success).toBe(true);
    expect(NodeMessage.safeParse({ type: 'nonsense', from: '0a1b2c3d' }).success).toBe(false);
  });
});

describe('the Mandelbrot PNG', () => {
  it('is a deterministic greyscale PNG', () => {
    const png = renderMandelbrotPng(64);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.subarray(-8, -4).toString()).toBe('IEND');
    expect(renderMandelbrotPng(64).equals(png)).toBe(true);
    expect(() => renderMandelbrotPng(60)).toThrow(/multiple of 8/);
  });
});
