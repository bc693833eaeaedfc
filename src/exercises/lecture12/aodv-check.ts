import { z } from 'zod';
import type { CheckContext, CheckResult, TraceEvent } from '../algorithm.js';
import { Findings, counted, marked, resultsOf, seen } from '../systems/findings.js';
import { AodvRreq, Data, Topology } from './aodv-messages.js';
import { hopsFrom } from './radio-graph.js';

const Originate = z.object({ id: z.string(), first: z.int(), last: z.int() });
const Receive = z.object({ id: z.string(), first: z.int() });
const Result = z.object({ role: z.literal('aodv'), cached: z.array(z.string()), received: z.array(z.string()) });

/** The radio graph as device 0 handed it out (set-up messages in the trace); device 0's range follows from symmetry. */
function graphFromTrace(trace: readonly TraceEvent[], devices: number, findings: Findings): number[][] {
  const graph: number[][] = Array.from({ length: devices }, () => []);
  const told = new Array<boolean>(devices).fill(false);
  told[0] = true;
  for (const { event, msg } of seen(trace, 'send', Topology, findings)) {
    if (event.src !== 0 || told[msg.destination]) continue;
    told[msg.destination] = true;
    graph[msg.destination] = [...msg.neighbours];
  }
  told.forEach((was, device) => {
    if (!was) findings.add(`device ${device} was never told its radio range`);
  });
  for (let device = 1; device < devices; device++) if (graph[device]?.includes(0)) graph[0]?.push(device);
  for (let a = 1; a < devices; a++)
    for (const b of graph[a] ?? [])
      if (b >= devices || (b > 0 && !graph[b]?.includes(a)))
        findings.add(`the radio graph is not symmetric: ${a} hears ${b} but not the other way`);
  const unreachable = hopsFrom(graph, 0).flatMap((hops, device) => (hops < 0 ? [device] : []));
  if (unreachable.length > 0) findings.add(`the radio graph is not connected: device 0 cannot reach ${unreachable.join(', ')}`);
  return graph;
}

/**
 * AODV did its job on the graph device 0 set up (read from the trace): every message but the
 * set-up went to a device in range; every data message a device originated reached its
 * destination exactly once, hop by hop along radio links, each hop sent by a device that held it;
 * no device ends with data in its cache.
 */
export function checkAodv(results: readonly unknown[], trace: readonly TraceEvent[], context: CheckContext): CheckResult {
  const findings = new Findings();
  const devices = context.devices;
  const graph = graphFromTrace(trace, devices, findings);
  // What the protocol leaves behind first: data stuck in a cache is the defect behind a message that never arrived.
  resultsOf(results, Result, context.crashed, findings, 'AODV state').forEach((result, device) => {
    if (result && result.cached.length > 0)
      findings.add(
        `device ${device} ends with ${counted(result.cached.length, 'message')} in its cache (${result.cached.slice(0, 3).join(', ')})`,
      );
  });
  const inRange = (a: number, b: number): boolean => graph[a]?.includes(b) ?? false;
  for (const event of trace) {
    if (event.kind !== 'send' || event.type === 'Topology' || event.src === null || event.dst === null) continue;
    if (!inRange(event.src, event.dst))
      findings.add(
        `device ${event.src} sent ${event.type ?? 'a message'} to ${event.dst}, which is out of its radio range (trace event ${event.seq})`,
      );
  }
  const originated = marked(trace, 'originate', Originate, findings);
  const receipts = marked(trace, 'receive', Receive, findings);
  /** Radio links each data message crossed, each once (a duplicated copy crosses the same ones). */
  const hops = new Map<string, Set<string>>();
  const holders = new Map<string, Set<number>>();
  for (const { device, data } of originated) {
    if (data.first !== device) findings.add(`device ${device} originated ${data.id} in the name of ${data.first}`);
    holders.set(data.id, new Set([device]));
  }
  // Sends and deliveries in the trace's order: a device may pass on only what it already holds.
  const dataEvents = [...seen(trace, 'send', Data, findings), ...seen(trace, 'deliver', Data, findings)].sort(
    (a, b) => a.event.seq - b.event.seq,
  );
  for (const { event, msg } of dataEvents) {
    const held = holders.get(msg.id);
    if (event.kind === 'deliver') {
      if (event.dst !== null) held?.add(event.dst);
      hops.set(msg.id, (hops.get(msg.id) ?? new Set<string>()).add(`${event.src ?? '?'}>${event.dst ?? '?'}`));
    } else if (!held) findings.add(`device ${event.src ?? '?'} sent data ${msg.id}, which nobody originated`);
    else if (event.src !== null && !held.has(event.src)) findings.add(`device ${event.src} sent data ${msg.id} before it had received it`);
  }
  const receivedBy = new Map<string, number[]>();
  for (const { device, data } of receipts) receivedBy.set(data.id, [...(receivedBy.get(data.id) ?? []), device]);
  let shortest = 0;
  let taken = 0;
  for (const { data } of originated) {
    const at = receivedBy.get(data.id) ?? [];
    if (at.length === 0) findings.add(`data ${data.id} from ${data.first} to ${data.last} never arrived`);
    else if (at.length > 1) findings.add(`data ${data.id} arrived ${at.length} times`);
    if (at.some((device) => device !== data.last)) findings.add(`data ${data.id} for ${data.last} was taken by device ${at.join(', ')}`);
    if (at.includes(data.last) && !holders.get(data.id)?.has(data.last))
      findings.add(`device ${data.last} claims data ${data.id}, which no radio hop delivered to it`);
    shortest += hopsFrom(graph, data.first)[data.last] ?? 0;
    taken += hops.get(data.id)?.size ?? 0;
  }
  const links = graph.reduce((sum, list) => sum + list.length, 0) / 2;
  const floods = new Set(seen(trace, 'send', AodvRreq, findings).map(({ msg }) => `${msg.first}:${msg.bcastId}`)).size;
  const lastRound = receipts.reduce((last, { event }) => Math.max(last, event.round ?? -1), -1);
  const summary =
    `${devices} devices, ${links} radio links; all ${originated.length} data messages delivered once along radio links ` +
    `(${taken} hops; shortest paths: ${shortest})${lastRound >= 0 ? `, the last in round ${lastRound}` : ''}; ${floods} route request floods; every cache empty`;
  return findings.verdict(summary);
}
