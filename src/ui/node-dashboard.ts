import { z } from 'zod';
import { UsageError, messageOf } from '../common/index.js';
import {
  BOARD_HEIGHT,
  BOARD_WIDTH,
  MAX_STROKES,
  STROKE_POINTS,
  StrokeDrawing,
  type Node,
  type NodeEvents,
  type NodeInfo,
} from '../nodes/index.js';
import type { DashboardMessage, SelfView } from './dashboard-messages.js';
import { ResourceHistory } from './resource-history.js';
import { servePage, type BoardServer, type Refusal } from './web-server.js';

/** How often the page's tables and charts are refreshed (and this node sampled). */
const TICK_MS = 1000;
/** A stroke of the most points is about 3 KB of JSON. */
const MAX_STROKE_BODY = 16 * 1024;
/** The membership changes that refresh the page at once rather than at the next tick. */
const LIVE_EVENTS = ['joined', 'left', 'failed', 'updated'] as const satisfies readonly (keyof NodeEvents)[];

/** Where the connect form sends this process: another cluster, on this broker or another. */
export interface ConnectTarget {
  readonly cluster: string;
  readonly amqp?: string;
}

const ConnectBody = z.strictObject({
  cluster: z.string().min(1).max(63),
  amqp: z
    .string()
    .max(500)
    .regex(/^amqps?:\/\//, { error: 'a broker URL starts with amqp:// or amqps://' })
    .optional(),
});

export interface DashboardOptions {
  readonly host: string;
  readonly port: number;
  /**
   * Joins the target and shows the new node (`show`), then leaves the old cluster; throws (a
   * UsageError for a bad target) and stays where it was when the target cannot be joined. Its
   * error messages are shown on the page, so they must not carry a password.
   */
  readonly connect: (target: ConnectTarget) => Promise<void>;
}

export interface NodeDashboard {
  readonly url: string;
  /** Shows this node from now on (the process moved to another cluster); every page starts over. */
  show(node: Node, broker: string): void;
  watchers(): number;
  close(): Promise<void>;
}

/**
 * A node's dashboard (seed 004's web interface): its cluster's nodes, itself, their resources over
 * time and the shared whiteboard, streamed to every open page. The page only reads from the node
 * and asks it to draw or to move; nothing the page does waits on the node's message loop.
 */
export async function openNodeDashboard(node: Node, broker: string, options: DashboardOptions): Promise<NodeDashboard> {
  let current = node;
  let shownBroker = broker;
  let moving = false;
  let offs: (() => void)[] = [];
  const history = new ResourceHistory();
  const subscribers = new Set<(message: DashboardMessage) => void>();
  const broadcast = (message: DashboardMessage): void => {
    for (const send of subscribers) send(message);
  };

  // The node's table holds this node too, freshly sampled: one look per tick, not two.
  const self = (nodes: readonly NodeInfo[]): SelfView => {
    const info = nodes.find((node) => node.id === current.id) ?? current.info();
    return {
      id: current.id,
      name: current.name,
      cluster: current.cluster,
      broker: shownBroker,
      address: info.address,
      joinedAt: current.joinedAt,
      functions: info.functions,
      files: current.files(),
      lockHolder: current.lockHolder() ?? null,
      variables: current.knownVariables(),
    };
  };
  const tick = (): void => {
    const nodes = current.nodes();
    const samples = history.record(nodes);
    if (subscribers.size > 0) broadcast({ type: 'tick', self: self(nodes), nodes, samples });
  };
  const reset = (): DashboardMessage => {
    const nodes = current.nodes();
    return {
      type: 'reset',
      self: self(nodes),
      nodes,
      history: history.all(),
      strokes: current.strokes(),
      board: { width: BOARD_WIDTH, height: BOARD_HEIGHT, maxPoints: STROKE_POINTS, kept: MAX_STROKES },
    };
  };
  const follow = (next: Node): void => {
    for (const off of offs) off();
    offs = [next.on('stroke', (stroke) => broadcast({ type: 'stroke', stroke })), ...LIVE_EVENTS.map((event) => next.on(event, tick))];
  };

  const draw = (body: unknown): Refusal | undefined =>
    current.draw(body as StrokeDrawing) === null ? { status: 429, why: 'drawing too fast: wait a moment' } : undefined;
  const connect = async (body: unknown): Promise<Refusal | undefined> => {
    if (moving) return { status: 409, why: 'already connecting' };
    moving = true;
    try {
      await options.connect(body as ConnectTarget);
      return undefined;
    } catch (error) {
      return { status: error instanceof UsageError ? 400 : 502, why: messageOf(error).split('\n')[0] ?? 'failed' };
    } finally {
      moving = false;
    }
  };

  follow(node);
  history.record(node.nodes());
  const timer = setInterval(tick, TICK_MS);
  let server: BoardServer;
  try {
    server = await servePage({
      page: 'dashboard',
      host: options.host,
      port: options.port,
      subscribe: (send) => {
        send(reset());
        subscribers.add(send);
        return () => subscribers.delete(send);
      },
      posts: {
        '/stroke': { body: StrokeDrawing, maxBytes: MAX_STROKE_BODY, handle: draw },
        '/connect': { body: ConnectBody, maxBytes: 2048, handle: connect },
      },
    });
  } catch (error) {
    clearInterval(timer);
    for (const off of offs) off();
    throw error;
  }

  return {
    url: server.url,
    show: (next, nextBroker) => {
      current = next;
      shownBroker = nextBroker;
      history.clear();
      follow(next);
      history.record(next.nodes());
      const fresh = reset();
      broadcast(fresh);
    },
    watchers: () => server.watchers(),
    close: async () => {
      clearInterval(timer);
      for (const off of offs) off();
      await server.close();
    },
  };
}
