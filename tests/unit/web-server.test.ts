import { get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Board } from '../../src/ui/board.js';
import type { BoardMessage } from '../../src/ui/board-messages.js';
import { serveBoard, type BoardServer } from '../../src/ui/web-server.js';

let server: BoardServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(onCommands?: (lines: readonly string[]) => void): Promise<{ board: Board; url: string }> {
  const board = new Board({ title: 't', devices: 2, readOnly: onCommands === undefined });
  server = await serveBoard({ board, host: '127.0.0.1', port: 0, onCommands });
  return { board, url: server.url };
}

const post = (url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<number> =>
  fetch(`${url}command`, { method: 'POST', headers, body }).then((response) => response.status);

describe("the page's server", () => {
  it('binds 127.0.0.1 and hands valid commands on', async () => {
    const got: string[] = [];
    const { url } = await serve((lines) => got.push(...lines));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await post(url, JSON.stringify({ lines: ['pick 2', 'step'] }))).toBe(204);
    expect(got).toEqual(['pick 2', 'step']);
  });

  it.each([
    ['not JSON', '{', undefined, 400],
    ['no lines', JSON.stringify({ lines: [] }), undefined, 400],
    ['odd characters', JSON.stringify({ lines: ['step; rm -rf'] }), undefined, 400],
    ['an extra field', JSON.stringify({ lines: ['step'], more: 1 }), undefined, 400],
    ['a form post', 'lines=step', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['another origin', JSON.stringify({ lines: ['step'] }), { 'content-type': 'application/json', origin: 'http://evil.example' }, 403],
    ['too large', JSON.stringify({ lines: ['x'.repeat(5000)] }), undefined, 413],
  ])('refuses %s', async (_what, body, headers, status) => {
    const got: string[] = [];
    const { url } = await serve((lines) => got.push(...lines));
    expect(await post(url, body, headers)).toBe(status);
    expect(got).toEqual([]);
  });

  it('says which port is taken, as a usage error', async () => {
    const { url } = await serve();
    const port = Number(new URL(url).port);
    const board = new Board({ title: 't', devices: 2, readOnly: true });
    await expect(serveBoard({ board, host: '127.0.0.1', port })).rejects.toMatchObject({
      code: 'usage',
      message: `--port ${port}: the port is in use; pick another or 0 for any free one`,
    });
  });

  it('answers only to its own host names when bound to loopback (DNS rebinding)', async () => {
    const { url } = await serve();
    const port = new URL(url).port;
    const status = (host: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const request = get({ host: '127.0.0.1', port, path: '/nothing', headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
      });
    expect(await status(`evil.example:${port}`)).toBe(403);
    expect(await status(`localhost:${port}`)).toBe(404);
    expect(await status(`127.0.0.1:${port}`)).toBe(404);
  });

  it('is read-only for a saved trace or a finished run', async () => {
    const { url } = await serve();
    expect(await post(url, JSON.stringify({ lines: ['step'] }))).toBe(409);
  });

  it('sends every page the same state: a reset on connect, then updates', async () => {
    const { board } = await serve(() => undefined);
    const first: BoardMessage[] = [];
    const second: BoardMessage[] = [];
    board.subscribe((message) => first.push(message));
    board.apply({
      lines: ['{"seq":1,"kind":"send","src":0,"dst":1,"type":"ping","msg":{}}'],
      inFlight: [{ src: 0, dst: 1, type: 'ping', json: '{}' }],
      flow: 'sync',
      round: 0,
      stepping: true,
      ended: false,
    });
    board.subscribe((message) => second.push(message));
    expect(first.map((message) => message.type)).toEqual(['reset', 'update']);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ type: 'reset', events: [{ seq: 1, kind: 'send' }], live: { stepping: true } });
  });
});
