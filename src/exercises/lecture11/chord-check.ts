import { z } from 'zod';
import type { CheckContext, CheckResult, TraceEvent } from '../algorithm.js';
import { Findings, marked, resultsOf, seen } from '../systems/findings.js';
import { valueOf } from './chord-client.js';
import { GetReq, GetRsp, JoinDone, NodeRefSchema, Put, PutRsp, RoutingData, StartJoin } from './chord-messages.js';
import { CLIENT, JOINER } from './chord-options.js';
import { ADDRESS_BITS, fingerTable, predecessorOf, successorOf, type NodeRef } from './chord-ring.js';

const NodeResult = z.object({
  role: z.literal('node'),
  chordId: z.int().nullable(),
  prev: NodeRefSchema.nullable(),
  fingers: z.array(NodeRefSchema),
  keys: z.array(z.int()),
});
const Result = z.discriminatedUnion('role', [NodeResult, z.object({ role: z.literal('client') })]);
const Stored = z.object({ key: z.int() });
const Handoff = z.object({ keys: z.array(z.int()), to: z.int() });

const name = ([index, id]: NodeRef): string => `device ${index} (id ${id})`;

/** The ring the client set up, from its routing data in the trace; each node's data checked against the ideal. */
function ringFromTrace(trace: readonly TraceEvent[], findings: Findings): NodeRef[] {
  const sent = seen(trace, 'send', RoutingData, findings).filter(({ event }) => event.src === CLIENT);
  const ring = sent.map(({ msg }): NodeRef => [msg.destination, msg.chordId]);
  if (new Set(ring.map(([, id]) => id)).size !== ring.length) findings.add('the client gave two nodes the same id');
  for (const { msg } of sent) {
    const node: NodeRef = [msg.destination, msg.chordId];
    const prev = predecessorOf(ring, node);
    if (msg.prev[0] !== prev[0]) findings.add(`${name(node)} was given predecessor ${name(msg.prev)}, not ${name(prev)}`);
    const ideal = fingerTable(ring, node);
    const wrong = ideal.findIndex((finger, at) => msg.fingerTable[at]?.[0] !== finger[0]);
    if (msg.fingerTable.length !== ADDRESS_BITS || wrong >= 0)
      findings.add(
        `${name(node)} was given finger ${wrong} = ${msg.fingerTable[wrong] ? name(msg.fingerTable[wrong]) : 'none'}, but the successor of ${(node[1] + 2 ** wrong) % 2 ** ADDRESS_BITS} is ${name(ideal[wrong] ?? node)}`,
      );
  }
  return ring;
}

interface Lookup {
  readonly type: 'Put' | 'GetReq';
  readonly key: number;
  readonly data?: string;
  readonly sentAt: number;
  /** Node-to-node forwards, each link once: a duplicated copy follows the same path. */
  readonly links: Set<string>;
  handler: number | null;
}

/** Every PUT and GET the client made, followed hop by hop through the trace. */
function lookupsFromTrace(trace: readonly TraceEvent[], findings: Findings): Map<number, Lookup> {
  const lookups = new Map<number, Lookup>();
  const events = [...seen(trace, 'send', Put, findings), ...seen(trace, 'send', GetReq, findings)]
    .filter(({ msg }) => msg.requester === CLIENT)
    .sort((a, b) => a.event.seq - b.event.seq);
  for (const { event, msg } of events) {
    let lookup = lookups.get(msg.request);
    if (lookup === undefined) {
      lookup = {
        type: msg.type,
        key: msg.key,
        sentAt: event.seq,
        links: new Set(),
        handler: null,
        ...(msg.type === 'Put' ? { data: msg.data } : {}),
      };
      lookups.set(msg.request, lookup);
    }
    if (event.src !== CLIENT) lookup.links.add(`${event.src ?? '?'}>${event.dst ?? '?'}`);
  }
  for (const { event, msg } of [...seen(trace, 'send', PutRsp, findings), ...seen(trace, 'send', GetRsp, findings)]) {
    const lookup = lookups.get(msg.request);
    if (lookup && lookup.handler === null && event.dst === CLIENT) lookup.handler = event.src;
    if (lookup && msg.type === 'GetRsp' && msg.data !== valueOf(lookup.key))
      findings.add(`GET ${msg.request} of key ${lookup.key} was answered with ${JSON.stringify(msg.data)} by device ${event.src ?? '?'}`);
  }
  return lookups;
}

/**
 * Chord did its job: the client's routing data matched the ring (predecessors, fingers = successor
 * of id + 2^i); every PUT and GET was handled by the successor of its key in the ring of its time
 * (after the join, the ring with the new node) and answered, GETs with the data PUT; no lookup took
 * more than the address bits' hops (finger routing halves the distance with every hop; the
 * details also show the mean against log2(N) + 1, which holds with high probability, not always);
 * the new node joined, and every key ends, exactly once, at its successor in the final ring
 * (stores and hand-offs read from the trace), with every node's predecessor and successor right.
 */
export function checkChord(results: readonly unknown[], trace: readonly TraceEvent[], context: CheckContext): CheckResult {
  const findings = new Findings();
  const ring = ringFromTrace(trace, findings);
  const startJoin = seen(trace, 'send', StartJoin, findings).find(({ event }) => event.src === CLIENT && event.dst === JOINER);
  const joinDone = seen(trace, 'deliver', JoinDone, findings).find(({ event }) => event.src === JOINER && event.dst === CLIENT);
  const joiner: NodeRef | undefined = startJoin ? [JOINER, startJoin.msg.chordId] : undefined;
  if (!joinDone) findings.add(`device ${JOINER} never told the client that its join was done`);
  const finalRing = joiner && joinDone ? [...ring, joiner] : ring;
  const lookups = lookupsFromTrace(trace, findings);
  let hops = 0;
  let most = 0;
  let aboveLog = 0;
  for (const [request, lookup] of lookups) {
    const ringThen = joinDone && lookup.sentAt > joinDone.event.seq ? finalRing : ring;
    const owner = successorOf(ringThen, lookup.key);
    const what = `${lookup.type === 'Put' ? 'PUT' : 'GET'} ${request} of key ${lookup.key}`;
    if (lookup.handler === null) findings.add(`${what} was never answered`);
    else if (lookup.handler !== owner[0])
      findings.add(`${what} was handled by device ${lookup.handler}, but the key's successor is ${name(owner)}`);
    const taken = lookup.links.size;
    if (taken > ADDRESS_BITS) findings.add(`${what} took ${taken} hops (at most ${ADDRESS_BITS} with correct fingers)`);
    if (taken > Math.log2(ringThen.length) + 1) aboveLog++;
    hops += taken;
    most = Math.max(most, taken);
  }
  checkHoldings(results, trace, context, finalRing, lookups, findings);
  const n = finalRing.length;
  const mean = lookups.size === 0 ? 0 : hops / lookups.size;
  return findings.verdict(
    `${lookups.size} lookups each handled by its key's successor, at most ${most} hops, ${mean.toFixed(2)} on average ` +
      `(log2(N) + 1 = ${(Math.log2(n) + 1).toFixed(2)} for N = ${n}; ${aboveLog} above it); device ${JOINER} joined at id ${joiner?.[1] ?? '?'}; ` +
      `every key at its successor, every predecessor and successor right`,
  );
}

/** Final holdings (from stores and hand-offs in the trace, against what nodes claim) and final neighbours. */
function checkHoldings(
  results: readonly unknown[],
  trace: readonly TraceEvent[],
  context: CheckContext,
  ring: readonly NodeRef[],
  lookups: ReadonlyMap<number, Lookup>,
  findings: Findings,
): void {
  const held = new Map<number, Set<number>>();
  const holder = (device: number): Set<number> => {
    const keys = held.get(device) ?? new Set<number>();
    held.set(device, keys);
    return keys;
  };
  const events = [
    ...marked(trace, 'store', Stored, findings).map((m) => ({
      seq: m.event.seq,
      device: m.device,
      add: [m.data.key],
      remove: [] as number[],
    })),
    ...marked(trace, 'handoff', Handoff, findings).map((m) => ({
      seq: m.event.seq,
      device: m.device,
      add: [] as number[],
      remove: m.data.keys,
    })),
  ].sort((a, b) => a.seq - b.seq);
  for (const { device, add, remove } of events) {
    for (const key of add) holder(device).add(key);
    for (const key of remove) holder(device).delete(key);
  }
  const parsed = resultsOf(results, Result, context.crashed, findings, 'Chord state');
  const put = new Set([...lookups.values()].filter((l) => l.type === 'Put').map((l) => l.key));
  for (const key of put) {
    const owner = successorOf(ring, key);
    const at = [...held].filter(([, keys]) => keys.has(key)).map(([device]) => device);
    if (at.length !== 1 || at[0] !== owner[0])
      findings.add(`key ${key} ends at ${at.length === 0 ? 'no node' : `device ${at.join(', ')}`}, but its successor is ${name(owner)}`);
  }
  for (const node of ring) {
    const result = parsed[node[0]];
    if (result?.role !== 'node') continue;
    const claimed = result.keys.join(',');
    const traced = [...holder(node[0])].sort((a, b) => a - b).join(',');
    if (claimed !== traced) findings.add(`${name(node)} claims keys [${claimed}], the trace shows [${traced}]`);
    const prev = predecessorOf(ring, node);
    const successor = successorOf(ring, (node[1] + 1) % 2 ** ADDRESS_BITS);
    if (result.prev?.[0] !== prev[0])
      findings.add(`${name(node)} ends with predecessor ${result.prev ? name(result.prev) : 'none'}, not ${name(prev)}`);
    if (result.fingers[0]?.[0] !== successor[0])
      findings.add(`${name(node)} ends with successor ${result.fingers[0] ? name(result.fingers[0]) : 'none'}, not ${name(successor)}`);
  }
}
