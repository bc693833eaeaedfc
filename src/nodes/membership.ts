import { EventEmitter } from 'node:events';
import type { Stroke } from './messages.js';
import type { ResourceSample } from './resources.js';

/** One file of the global file system: its name, the node that shares it, and when it last changed. */
export interface SharedFile {
  readonly name: string;
  readonly owner: string;
  readonly size: number;
  /** ms since the epoch, on the owner's clock. */
  readonly mtime: number;
}

/** A node's state as its peers see it. */
export const NodeState = { Alive: 'alive', Failed: 'failed', Left: 'left' } as const;
export type NodeState = (typeof NodeState)[keyof typeof NodeState];

/** One node of the cluster, as this node knows it (what a dashboard shows). */
export interface NodeInfo {
  readonly id: string;
  readonly name: string;
  /** `host:pid` of its process. */
  readonly address: string;
  /** ms since the epoch, on its own clock. */
  readonly joinedAt: number;
  readonly state: NodeState;
  /** ms since the epoch, on this node's clock: the last message from it. */
  readonly lastSeenAt: number;
  /** Its latest CPU and memory sample (from its hello or its last echo reply). */
  readonly resources: ResourceSample;
  /** The remote functions it serves. */
  readonly functions: readonly string[];
}

/** What a node tells its listeners: `failed` carries why (which echo went unanswered). */
export interface NodeEvents {
  joined: [node: NodeInfo];
  left: [node: NodeInfo];
  /** A node's functions changed. */
  updated: [node: NodeInfo];
  failed: [node: NodeInfo, why: string];
  /** A shared file of the global file system changed (its owner announced a new modification time). */
  'file-changed': [file: SharedFile];
  /** The lock's token was with a node that failed: nobody can lock until the cluster restarts. */
  'token-lost': [holder: NodeInfo];
  /** A stroke on the whiteboard, drawn here or on another node. */
  stroke: [stroke: Stroke];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The peer table: who is in the cluster, in which state, and the events when that changes. */
export class Membership {
  private readonly table = new Map<string, Mutable<NodeInfo>>();
  private readonly emitter = new EventEmitter<NodeEvents>();

  constructor(private readonly selfId: string) {
    // A listener that throws must not break the node's message loop: the emitter is ours.
    this.emitter.setMaxListeners(0);
  }

  on<E extends keyof NodeEvents>(event: E, listener: (...args: NodeEvents[E]) => void): () => void {
    // EventEmitter's own typing of a generic key is too loose to pass the listener through as is.
    const untyped = listener as (...args: unknown[]) => void;
    (this.emitter as EventEmitter).on(event, untyped);
    return () => (this.emitter as EventEmitter).off(event, untyped);
  }

  emit<E extends keyof NodeEvents>(event: E, ...args: NodeEvents[E]): void {
    (this.emitter as EventEmitter).emit(event, ...args);
  }

  /** Every node known, this one included, in join order. */
  all(): NodeInfo[] {
    return [...this.table.values()].map((node) => ({ ...node }));
  }

  /** The other nodes that are alive. */
  peers(): NodeInfo[] {
    return this.all().filter((node) => node.id !== this.selfId && node.state === NodeState.Alive);
  }

  get(id: string): NodeInfo | undefined {
    const node = this.table.get(id);
    return node && { ...node };
  }

  isAlive(id: string): boolean {
    return this.table.get(id)?.state === NodeState.Alive;
  }

  /** A node introduced itself (hello or welcome): true if it is new (or back from failed). */
  introduce(info: Omit<NodeInfo, 'state' | 'lastSeenAt'>): boolean {
    const known = this.table.get(info.id);
    if (known?.state === NodeState.Left) return false;
    const fresh = known === undefined || known.state === NodeState.Failed;
    const node = { ...info, state: NodeState.Alive, lastSeenAt: Date.now() };
    this.table.set(info.id, node);
    if (fresh && info.id !== this.selfId) this.emit('joined', { ...node });
    return fresh;
  }

  /** Any message from a node: it is alive now. */
  heard(id: string, resources?: ResourceSample): void {
    const node = this.table.get(id);
    if (!node) return;
    node.lastSeenAt = Date.now();
    if (resources) node.resources = resources;
    if (node.state === NodeState.Failed) {
      node.state = NodeState.Alive;
      this.emit('joined', { ...node });
    }
  }

  setFunctions(id: string, functions: readonly string[]): void {
    const node = this.table.get(id);
    if (!node) return;
    node.functions = [...functions];
    this.emit('updated', { ...node });
  }

  left(id: string): void {
    const node = this.table.get(id);
    if (!node || node.state === NodeState.Left) return;
    node.state = NodeState.Left;
    this.emit('left', { ...node });
  }

  fail(id: string, why: string): void {
    const node = this.table.get(id);
    if (node?.state !== NodeState.Alive || id === this.selfId) return;
    node.state = NodeState.Failed;
    this.emit('failed', { ...node }, why);
  }
}
