import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { UsageError, createLogger, deferred, handled, teardown, timedOut, type Logger } from '../common/index.js';
import { BrokerConnection, DEFAULT_AMQP_URL, RunKey, type Delivery, type Subscription } from '../transport/index.js';
import { FailureDetector, type FailureDetectionOptions } from './failure-detector.js';
import { Membership, type NodeEvents, type NodeInfo, type SharedFile } from './membership.js';
import { NodeMessage, type MessageOf } from './messages.js';
import { ClusterNames, assertNodeName } from './names.js';
import type { NodePort } from './port.js';
import { RemoteFunctions, type CallOptions, type DispatchOptions, type RegisterOptions, type RemoteFunction } from './remote-functions.js';
import { ResourceSampler } from './resources.js';
import { TokenLock, type LockOptions } from './token-lock.js';
import { waitFor } from './wait-for.js';
import { DistributedArray, DistributedVariable } from './distributed-variable.js';
import { Variables, type Access, type VariableInfo } from './variables.js';
import { GlobalFiles } from './files.js';
import type { Stroke, StrokeDrawing, VariableKind } from './messages.js';
import { Whiteboard } from './whiteboard.js';

export interface NodeOptions {
  /** The cluster to join: every broker object it uses is named `fnsync.<cluster>.*`. */
  cluster: string;
  /** This node's name, for people (ids are for machines). */
  name: string;
  /** Default: $AMQP_URL, else amqp://guest:guest@localhost:5672. Several nodes of a cluster: separated by commas. */
  amqpUrl?: string;
  /** Survive the loss of a broker node (quorum queues, acknowledged deliveries, reconnects). Default: false. */
  replicated?: boolean;
  /**
   * The cluster's shared secret. With it, every message is authenticated (HMAC) and a message that
   * is not from a node holding the secret, or that claims another sender, is refused. Without it,
   * messages are still validated, but anyone on the broker could impersonate a node.
   */
  secret?: string;
  failureDetection?: FailureDetectionOptions;
  /** A folder whose top-level files this node shares in the global file system. */
  share?: string;
  /** Keep every read and write of distributed variables (`accesses()`), for the coherence checker. */
  recordAccesses?: boolean;
}

/** The genesis queue goes this long after the last node stopped declaring it (a cluster that crashed). */
const GENESIS_EXPIRES_MS = 60_000;
const LEAVE_BUDGET_MS = 5000;
/** Messages that answer one of this node's own: only a member of the cluster can send them. */
const ANSWERS: ReadonlySet<NodeMessage['type']> = new Set([
  'token',
  'echo-reply',
  'reply',
  'taken',
  'result',
  'var-value',
  'var-written',
  'var-error',
  'var-invalidated',
  'file-data',
  'file-error',
] as const);

/**
 * A long-lived member of a cluster (seed 004): it discovers the others through the broker (a hello
 * on the cluster's fanout exchange, a welcome back from each), serves remote functions, takes part
 * in the token lock and watches its peers with echoes. Everything it receives is validated; see
 * docs/nodes.md for the protocol.
 */
export class Node {
  readonly id: string;
  readonly name: string;
  readonly cluster: string;
  readonly joinedAt = Date.now();
  /** Aborts when the node loses the broker (its connection or channel failed). */
  readonly signal: AbortSignal;

  private readonly port: NodePort;
  private readonly members: Membership;
  private readonly functions: RemoteFunctions;
  private readonly tokenLock: TokenLock;
  private readonly variables: Variables;
  private readonly globalFiles: GlobalFiles;
  private readonly whiteboard: Whiteboard;
  private readonly detector: FailureDetector;
  private readonly sampler = new ResourceSampler();
  private readonly log: Logger;
  private refresher: NodeJS.Timeout | undefined;
  private presence: Subscription | undefined;
  private leaving = false;

  private constructor(
    private readonly connection: BrokerConnection,
    private readonly names: ClusterNames,
    id: string,
    name: string,
    options: NodeOptions,
  ) {
    this.id = id;
    this.name = name;
    this.cluster = names.cluster;
    this.signal = connection.signal;
    this.log = createLogger(`node ${name}`);
    this.members = new Membership(id);
    this.port = {
      id,
      names,
      connection,
      members: this.members,
      log: this.log,
      signal: connection.signal,
      broadcast: (message) => {
        connection.publish(names.bus, message);
      },
      send: (to, message) => {
        // Not mandatory: a message to a node that is gone is dropped, and failure detection says so.
        connection.publish('', message, names.node(to));
      },
      accepts: (message, delivery) => this.accepts(message, delivery),
    };
    this.functions = new RemoteFunctions(this.port);
    this.tokenLock = new TokenLock(this.port);
    this.variables = new Variables(this.port, options.recordAccesses ?? false);
    this.globalFiles = new GlobalFiles(this.port, options.share, (file) => this.members.emit('file-changed', file));
    this.whiteboard = new Whiteboard(this.port, (stroke) => this.members.emit('stroke', stroke));
    this.detector = new FailureDetector(this.port, this.sampler, options.failureDetection);
    this.members.introduce(this.info());
    this.members.on('failed', (node, why) => {
      this.log.warn(`${node.name} (${node.id}) failed: ${why}`);
      this.functions.onPeerGone(node.id, `failed (${why})`);
      this.tokenLock.onPeerGone(node.id, true);
      this.variables.onPeerGone(node.id);
    });
    this.members.on('joined', (node) => {
      const listing = this.globalFiles.listing();
      if (listing) this.port.send(node.id, listing);
      this.whiteboard.onJoined(node.id);
    });
    this.members.on('left', (node) => {
      this.functions.onPeerGone(node.id, 'left');
      this.tokenLock.onPeerGone(node.id, false);
      this.variables.onPeerGone(node.id);
    });
  }

  /** Joins a cluster: connects, binds this node's queue, announces itself. */
  static async join(options: NodeOptions): Promise<Node> {
    const names = new ClusterNames(options.cluster);
    assertNodeName(options.name);
    const id = randomBytes(4).toString('hex');
    const auth =
      options.secret === undefined
        ? undefined
        : {
            key: RunKey.fromSecret(names.cluster, createHash('sha256').update(options.secret).digest('base64url')),
            sender: id,
          };
    const connection = await BrokerConnection.connect({
      url: options.amqpUrl ?? process.env.AMQP_URL ?? DEFAULT_AMQP_URL,
      name: names.connection(`${options.name}.${id}`),
      auth,
      replicated: options.replicated,
    });
    const node = new Node(connection, names, id, options.name, options);
    try {
      await node.start();
    } catch (error) {
      await connection.close();
      throw error;
    }
    return node;
  }

  /** This node, as its peers see it. */
  info(): NodeInfo {
    const { from, holder: _holder, variables: _variables, ...info } = this.introduction();
    return { ...info, id: from, state: 'alive', lastSeenAt: Date.now() };
  }

  /** Every node this one knows of (itself included), alive, failed or left: the dashboard's table. */
  nodes(): NodeInfo[] {
    return this.members.all().map((node) => (node.id === this.id ? this.info() : node));
  }

  /** The other nodes that are alive. */
  peers(): NodeInfo[] {
    return this.members.peers();
  }

  /** Messages this node refused, by reason (see docs/architecture.md's threat model). */
  get rejections(): BrokerConnection['rejections'] {
    return this.connection.rejections;
  }

  on<E extends keyof NodeEvents>(event: E, listener: (...args: NodeEvents[E]) => void): () => void {
    return this.members.on(event, listener);
  }

  /** Resolves once at least `count` other nodes are alive (and, if given, serve function `serving`). */
  async waitForPeers(count: number, timeoutMs = 30_000, serving?: string): Promise<NodeInfo[]> {
    const enough = deferred<NodeInfo[]>({ quiet: true });
    const ready = (): NodeInfo[] => this.peers().filter((p) => serving === undefined || p.functions.includes(serving));
    const check = (): void => {
      if (ready().length >= count) enough.resolve(ready());
    };
    const offs = [this.on('joined', check), this.on('updated', check)];
    check();
    try {
      return await waitFor(enough.promise, timeoutMs, this.signal, () =>
        timedOut(
          `waiting for ${count} peers${serving === undefined ? '' : ` serving ${serving}`} in cluster ${this.cluster}`,
          timeoutMs,
          `${ready().length} ready`,
        ),
      );
    } finally {
      for (const off of offs) off();
    }
  }

  register(name: string, fn: RemoteFunction, options?: RegisterOptions): Promise<void> {
    return this.functions.register(name, fn, options);
  }

  /** Calls a function on one node (by id) and returns its result; a RemoteCallError says why not. */
  call(fn: string, arg: unknown, node: string, options?: CallOptions): Promise<unknown> {
    return this.functions.call(fn, arg, node, options);
  }

  /** Calls a function once per argument, spread over the nodes that serve it; results in argument order. */
  dispatch(fn: string, args: readonly unknown[], options?: DispatchOptions): Promise<unknown[]> {
    return this.functions.dispatch(fn, args, options);
  }

  /** Takes the cluster's one lock (Suzuki-Kasami). */
  lock(options?: LockOptions): Promise<void> {
    return this.tokenLock.lock(options);
  }

  unlock(): void {
    this.tokenLock.unlock();
  }

  /** Creates a distributed variable whose home is this node. */
  async createVariable(name: string, kind: VariableKind, initial: unknown): Promise<DistributedVariable> {
    return new DistributedVariable(this.variables, await this.variables.create(name, kind, initial));
  }

  /** Creates a distributed array of `length` elements, each `initial`, whose home is this node. */
  async createArray(name: string, kind: VariableKind, length: number, initial: unknown): Promise<DistributedArray> {
    if (!Number.isInteger(length) || length < 1 || length > 100_000) throw new UsageError('an array has 1 to 100000 elements');
    return new DistributedArray(this.variables, await this.variables.create(name, kind, initial, length));
  }

  /** A variable another node created (waits up to `timeoutMs` for its creation to be known here). */
  async variable(name: string, timeoutMs?: number): Promise<DistributedVariable> {
    const info = await this.variables.lookup(name, timeoutMs);
    if (info.length !== undefined) throw new UsageError(`'${name}' is an array: use array()`);
    return new DistributedVariable(this.variables, info);
  }

  async array(name: string, timeoutMs?: number): Promise<DistributedArray> {
    const info = await this.variables.lookup(name, timeoutMs);
    if (info.length === undefined) throw new UsageError(`'${name}' is a variable, not an array: use variable()`);
    return new DistributedArray(this.variables, info);
  }

  /** The global file system: every live node's shared files. */
  files(): SharedFile[] {
    return this.globalFiles.list();
  }

  /** A shared file's bytes, fetched in chunks from its owner (the newest copy by default) or from the cache. */
  fetchFile(name: string, owner?: string): Promise<Buffer> {
    return this.globalFiles.fetch(name, owner);
  }

  /**
   * Draws a stroke on the whiteboard of every node (the seed's demo); `on('stroke')` hears every
   * stroke, this node's own included. Null when this node draws faster than its peers accept.
   */
  draw(drawing: StrokeDrawing): Stroke | null {
    return this.whiteboard.draw(drawing);
  }

  /** The whiteboard's strokes so far (bounded: the oldest go first), oldest first. */
  strokes(): Stroke[] {
    return this.whiteboard.strokes();
  }

  /** The node that holds the lock's token, as this node last heard (none before the token moved or was born). */
  lockHolder(): string | undefined {
    return this.tokenLock.knownHolder()?.id;
  }

  /** The distributed variables and arrays known here, each with its home. */
  knownVariables(): VariableInfo[] {
    return this.variables.all();
  }

  /** Every read and write of distributed variables by this node so far (with `recordAccesses`). */
  accesses(): readonly Access[] {
    return this.variables.accesses;
  }

  /**
   * Leaves the cluster: hands the lock's token on, says goodbye, and, as the last node, removes what
   * the cluster made on the broker. Bounded; safe to call twice.
   */
  async leave(): Promise<void> {
    if (this.leaving) return;
    this.leaving = true;
    this.detector.stop();
    clearInterval(this.refresher);
    await teardown(LEAVE_BUDGET_MS, [
      async () => {
        this.tokenLock.handOver();
        this.port.broadcast({ type: 'bye', from: this.id });
        await this.connection.flush();
      },
      () => this.functions.close(),
      () => this.globalFiles.stop(),
      async () => this.presence?.cancel(),
      async () => {
        // Every node stops consuming the members queue before it asks: the broker deletes it for
        // exactly the last one, also when several leave at once.
        const last = await this.connection.deleteQueueIfUnused(this.names.members);
        this.log.debug(`left ${last ? 'as the last node: removing the cluster' : 'the cluster'}`);
        if (!last) return;
        const fns = new Set(this.members.all().flatMap((node) => node.functions));
        const queues = new Set([...this.functions.workQueues, ...[...fns].map((fn) => this.names.work(fn))]);
        for (const queue of queues) await this.connection.deleteQueue(queue);
        await this.connection.deleteQueue(this.names.genesis);
      },
      (remaining) => this.connection.close(Math.max(100, remaining)),
    ]);
    const unlogged = this.connection.rejections.unlogged();
    if (unlogged) this.log.warn(unlogged);
  }

  private async start(): Promise<void> {
    const queue = this.names.node(this.id);
    await this.connection.declareFanout(this.names.bus);
    await this.connection.declareNamedExclusiveQueue(queue, this.names.bus);
    await this.connection.subscribe(queue, NodeMessage, {
      onMessage: (message, delivery) => {
        this.route(message, delivery);
      },
      onRejected: (reason, detail, log) => {
        if (log) this.log.warn(`rejected a message (${reason}): ${detail}`);
      },
    });
    await this.connection.declareQueue(this.names.members, GENESIS_EXPIRES_MS);
    this.presence = await this.connection.subscribeShared(this.names.members, NodeMessage, 1, {
      onMessage: (_message, _delivery, ack) => {
        ack();
      },
    });
    await this.tokenLock.claimGenesis(GENESIS_EXPIRES_MS);
    this.port.broadcast({ type: 'hello', ...this.introduction() });
    await this.connection.flush();
    await this.globalFiles.start();
    this.detector.start();
    this.refresher = setInterval(
      () => {
        handled(this.tokenLock.refreshGenesis(GENESIS_EXPIRES_MS));
      },
      Math.min(this.detector.periodMs, GENESIS_EXPIRES_MS / 4),
    );
  }

  /** What this node says of itself in a hello or a welcome. */
  private introduction(): Omit<MessageOf<'hello'>, 'type'> {
    return {
      from: this.id,
      name: this.name,
      address: `${hostname()}:${process.pid}`,
      joinedAt: this.joinedAt,
      functions: this.functions.names(),
      resources: this.sampler.sample(),
      holder: this.tokenLock.knownHolder(),
      variables: this.variables.ownVariables(),
    };
  }

  private accepts(message: { readonly type: string; readonly from: string }, delivery: Delivery): boolean {
    if (delivery.from === undefined || delivery.from === message.from) return true;
    const log = this.connection.rejections.count('impostor');
    if (log) this.log.warn(`rejected a ${message.type} from ${delivery.from} that claims to be from ${message.from} (impostor)`);
    return false;
  }

  private route(message: NodeMessage, delivery: Delivery): void {
    if (!this.accepts(message, delivery) || this.leaving) return;
    const self = message.from === this.id;
    // A reply or a token answers something this node sent, so its sender has welcomed this node
    // first (one channel to one queue keeps order): from a node never introduced, it is not ours.
    // Broadcasts of earlier nodes may come before their welcome and are taken.
    if (ANSWERS.has(message.type) && this.members.get(message.from) === undefined) {
      if (this.connection.rejections.count('unexpected'))
        this.log.warn(`rejected a ${message.type} from ${message.from}, which is not a member of the cluster`);
      return;
    }
    if (!self) this.members.heard(message.from);
    switch (message.type) {
      case 'hello':
      case 'welcome': {
        if (self) return;
        const { type, from, holder, variables, ...info } = message;
        this.members.introduce({ ...info, id: from });
        for (const v of variables) this.variables.known(v.name, from, v.kind, v.length);
        if (holder) this.tokenLock.noteHolder(holder.id, holder.moves);
        if (type === 'hello') this.port.send(from, { type: 'welcome', ...this.introduction() });
        return;
      }
      case 'bye':
        if (!self) this.members.left(message.from);
        return;
      case 'functions':
        this.members.setFunctions(message.from, message.functions);
        return;
      case 'echo':
        this.detector.onEcho(message);
        return;
      case 'echo-reply':
        this.members.heard(message.from, message.resources);
        return;
      case 'lock-request':
        this.tokenLock.onRequest(message);
        return;
      case 'token':
        this.tokenLock.onToken(message);
        return;
      case 'token-moved':
        this.tokenLock.onMoved(message);
        return;
      case 'stroke':
      case 'strokes':
        this.whiteboard.handle(message);
        return;
      default:
        if (message.type.startsWith('var-')) this.variables.handle(message);
        else if (message.type.startsWith('file')) this.globalFiles.handle(message);
        else this.functions.handle(message);
    }
  }
}
