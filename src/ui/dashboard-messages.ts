/**
 * What a node's dashboard streams to its page (server-sent events, one JSON object each). Types
 * only: the page and the server share them. They say what the page reads of the node layer's
 * types (NodeInfo, Stroke...) without importing src/nodes/, which the browser build cannot compile;
 * the server passes the node layer's values, so the compiler checks that they fit.
 */

export interface NodeView {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly joinedAt: number;
  readonly state: 'alive' | 'failed' | 'left';
  readonly lastSeenAt: number;
  readonly functions: readonly string[];
  readonly resources: {
    readonly cpuPercent: number;
    readonly rssBytes: number;
    readonly totalMemBytes: number;
    readonly freeMemBytes: number;
    readonly sampledAt: number;
  };
}

/** A stroke of the whiteboard, as the node layer's `StrokeDrawing` (what the page posts) plus who drew it. */
export interface StrokeView {
  readonly color: string;
  readonly width: number;
  readonly points: readonly (readonly [number, number])[];
  readonly by: string;
  readonly seq: number;
}
export type DrawingView = Omit<StrokeView, 'by' | 'seq'>;

export interface BoardRules {
  readonly width: number;
  readonly height: number;
  readonly maxPoints: number;
  /** Strokes a node keeps: the page keeps no more. */
  readonly kept: number;
}

/** The Self tab: this node, its cluster and what it holds. */
export interface SelfView {
  readonly id: string;
  readonly name: string;
  readonly cluster: string;
  /** The broker's URL without its password. */
  readonly broker: string;
  readonly address: string;
  readonly joinedAt: number;
  readonly functions: readonly string[];
  /** The global file system: every live node's shared files. */
  readonly files: readonly { readonly name: string; readonly owner: string; readonly size: number }[];
  /** The lock's token holder, as this node last heard. */
  readonly lockHolder: string | null;
  readonly variables: readonly { readonly name: string; readonly kind: string; readonly length?: number; readonly home: string }[];
}

/** One point of a node's resource charts. */
export interface Sample {
  /** When the node sampled, ms since the epoch (its clock). */
  readonly t: number;
  /** CPU of the node's process, percent of one core. */
  readonly cpu: number;
  /** The node process's resident memory, MiB. */
  readonly rssMiB: number;
  /** The share of its machine's memory in use, percent. */
  readonly memLoad: number;
}

export type DashboardMessage =
  | {
      readonly type: 'reset';
      readonly self: SelfView;
      readonly nodes: readonly NodeView[];
      /** Every node's samples so far, by node id. */
      readonly history: Readonly<Record<string, readonly Sample[]>>;
      readonly strokes: readonly StrokeView[];
      /** The whiteboard's size in its own units and the most points a stroke may have (the node layer's rules). */
      readonly board: BoardRules;
    }
  /** The tables now, and the samples that are new since the last tick. */
  | {
      readonly type: 'tick';
      readonly self: SelfView;
      readonly nodes: readonly NodeView[];
      readonly samples: Readonly<Record<string, readonly Sample[]>>;
    }
  | { readonly type: 'stroke'; readonly stroke: StrokeView };
