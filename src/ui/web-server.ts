import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { UsageError, abortable, createLogger, deadline, messageOf, waitAtMost } from '../common/index.js';
import type { Board } from './board.js';

const log = createLogger('ui');

/** The bundled page (scripts/bundle-page.mjs puts it next to this module in dist/). */
const PAGE = new URL('./page/', import.meta.url);
const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
/** The two pages: the stepper (a run or a trace) and a node's dashboard. */
const PAGES = {
  stepper: { '/': ['index.html', HTML], '/app.js': ['app.js', JS], '/base.css': ['base.css', CSS], '/style.css': ['style.css', CSS] },
  dashboard: {
    '/': ['dashboard.html', HTML],
    '/app.js': ['dashboard.js', JS],
    '/base.css': ['base.css', CSS],
    '/style.css': ['dashboard.css', CSS],
  },
} as const satisfies Record<string, Record<string, readonly [string, string]>>;
export type PageKind = keyof typeof PAGES;
/** A command body is a few words; anything larger is refused unread. */
const MAX_BODY = 4096;
/** A page that reads slower than this much is buffered for it is dropped (its EventSource reconnects to a reset). */
const MAX_BUFFERED = 4 * 1024 * 1024;
/** How long starting to listen may take. */
const LISTEN_MS = 10_000;
/** How long closing may take before connections are dropped. */
const CLOSE_MS = 2000;
/** A comment line now and then keeps proxies and idle timers from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/** What the page may post: a few stepper command lines (the stepper checks their words). */
const CommandBody = z.strictObject({
  lines: z
    .array(
      z
        .string()
        .max(64)
        .regex(/^[\w :-]*$/),
    )
    .min(1)
    .max(4),
});

export interface BoardServer {
  readonly url: string;
  /** Pages watching now. */
  watchers(): number;
  /** Resolves once no page watches (at once if none does), or when `signal` aborts. */
  untilUnwatched(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly board: Board;
  readonly host: string;
  readonly port: number;
  /** Where the page's commands go; none: read-only. */
  readonly onCommands?: (lines: readonly string[]) => void;
}

/** A refusal of a POST: its status and one line saying why. */
export interface Refusal {
  readonly status: number;
  readonly why: string;
}

/** What a page may POST to one path: a JSON body of at most `maxBytes`, validated by `body`. */
export interface PostRoute {
  readonly body: z.ZodType;
  readonly maxBytes: number;
  /** Nothing: done (204). Called with a body the schema accepted. */
  readonly handle: (body: unknown) => Refusal | undefined | Promise<Refusal | undefined>;
}

export interface PageOptions {
  readonly page: PageKind;
  /** The stream every page follows: a message now (its state) and one per change. */
  readonly subscribe: (send: (message: unknown) => void) => () => void;
  readonly host: string;
  readonly port: number;
  readonly posts: Readonly<Record<string, PostRoute>>;
}

/** The stepper's page: a run (commands from the page) or a saved trace (read-only). */
export function serveBoard(options: ServeOptions): Promise<BoardServer> {
  const { board, onCommands } = options;
  const command: PostRoute = {
    body: CommandBody,
    maxBytes: MAX_BODY,
    handle: (body) => {
      if (onCommands === undefined || board.ended) return { status: 409, why: 'read-only: nothing to command' };
      onCommands((body as z.infer<typeof CommandBody>).lines);
      return undefined;
    },
  };
  return servePage({
    page: 'stepper',
    subscribe: (send) => board.subscribe(send),
    host: options.host,
    port: options.port,
    posts: { '/command': command },
  });
}

/**
 * A page's server: Node's http and server-sent events. Updates flow one way (server -> page), so
 * an EventSource is all the page needs (built into browsers, reconnects by itself) and commands
 * are small POSTs; no WebSocket library is needed. Commands must be JSON posted from the page's
 * own origin, so another web site cannot drive the stepper (or the node) through the browser.
 */
export async function servePage(options: PageOptions): Promise<BoardServer> {
  const files: Readonly<Record<string, readonly [string, string]>> = PAGES[options.page];
  const streams = new Set<ServerResponse>();
  const emptied = new Set<() => void>();
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.debug(`request ${request.url ?? ''} failed: ${messageOf(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  let origin = '';
  let port = 0;
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(options.host);
  const hostAllowed = (host: string | undefined): boolean =>
    !loopback || [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host ?? '');

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAllowed(request.headers.host)) {
      // DNS rebinding: another site's name pointed at 127.0.0.1 must not read the run.
      response.writeHead(403, { 'content-type': 'text/plain' }).end('unknown host\n');
      return;
    }
    const path = new URL(request.url ?? '/', 'http://page').pathname;
    if (request.method === 'GET' && path === '/events') return stream(response);
    const route = options.posts[path];
    if (request.method === 'POST' && route !== undefined) return post(route, request, response);
    const file = files[path];
    if (request.method !== 'GET' || file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const body = await readFile(new URL(file[0], PAGE));
    response.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' }).end(body);
  }

  function stream(response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    streams.add(response);
    const unsubscribe = options.subscribe((message) => {
      // The page never holds the node or the run up: a page that does not read is let go.
      if (response.writableLength > MAX_BUFFERED) response.destroy();
      else response.write(`data: ${JSON.stringify(message)}\n\n`);
    });
    const keepalive = setInterval(() => response.write(': keepalive\n\n'), KEEPALIVE_MS);
    response.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
      streams.delete(response);
      if (streams.size === 0) for (const resolve of emptied) resolve();
    });
  }

  async function post(route: PostRoute, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refuse = (status: number, why: string): void => {
      response.writeHead(status, { 'content-type': 'text/plain' }).end(`${why}\n`);
    };
    const from = request.headers.origin;
    if (from !== undefined && from !== origin && !isLoopbackOrigin(from, origin)) return refuse(403, 'commands come from the page only');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return refuse(415, 'commands are JSON');
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > route.maxBytes) return refuse(413, 'too large');
      chunks.push(chunk);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return refuse(400, 'not JSON');
    }
    const parsed = route.body.safeParse(raw);
    if (!parsed.success) return refuse(400, `bad request: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const refusal = await route.handle(parsed.data);
    if (refusal !== undefined) return refuse(refusal.status, refusal.why);
    response.writeHead(204).end();
  }

  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const limit = deadline(LISTEN_MS, () => new UsageError(`--host ${options.host}: could not listen within ${LISTEN_MS} ms`));
  try {
    await abortable(listening, limit.signal);
  } catch (error) {
    server.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new UsageError(`--port ${options.port}: the port is in use; pick another or 0 for any free one`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host ${options.host}: not an address of this machine`);
    throw error instanceof UsageError ? error : new UsageError(`cannot serve on ${options.host}:${options.port}: ${messageOf(error)}`);
  } finally {
    limit.clear();
  }
  port = (server.address() as AddressInfo).port;
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${port}/`;
  origin = url.slice(0, -1);

  return {
    url,
    watchers: () => streams.size,
    untilUnwatched: (signal) =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          emptied.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        if (streams.size === 0 || signal.aborted) return resolve();
        emptied.add(done);
        signal.addEventListener('abort', done, { once: true });
      }),
    close: async () => {
      for (const response of streams) response.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await waitAtMost(closed, CLOSE_MS);
    },
  };
}

/** The page opened as localhost while the server names 127.0.0.1 (or the other way round). */
function isLoopbackOrigin(from: string, origin: string): boolean {
  const port = origin.slice(origin.lastIndexOf(':'));
  return (
    [`http://127.0.0.1${port}`, `http://localhost${port}`, `http://[::1]${port}`].includes(from) &&
    /127\.0\.0\.1|localhost|\[::1\]/.test(origin)
  );
}
