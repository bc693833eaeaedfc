import { z } from 'zod';
import type { CheckContext, CheckResult, TraceEvent } from '../algorithm.js';
import { Findings, counted, marked, resultsOf, seen } from '../systems/findings.js';
import { AllocateChunkReq, ChunkLocations, RecordAppendReq, RecordAppendRsp } from './gfs-messages.js';
import { MASTER, clientIndices, gfsOptions, isChunkserver } from './gfs-options.js';

const Appended = z.object({ chunk: z.int(), offset: z.int(), client: z.int(), seq: z.int() });
const Synced = z.object({ chunk: z.int(), version: z.int(), records: z.array(z.string()) });
const Deleted = z.object({ chunk: z.int() });
const Dead = z.object({ server: z.int() });
const ChunkserverResult = z.object({ role: z.literal('chunkserver'), chunks: z.record(z.string(), z.array(z.string())) });

/** What each chunkserver holds at the end, rebuilt from its own marks in the trace: server -> handle -> records. */
function replicasFromTrace(trace: readonly TraceEvent[], findings: Findings): Map<number, Map<number, string[]>> {
  const held = new Map<number, Map<number, string[]>>();
  const chunksOf = (server: number): Map<number, string[]> => {
    const chunks = held.get(server) ?? new Map<number, string[]>();
    held.set(server, chunks);
    return chunks;
  };
  const events = [
    ...marked(trace, 'append', Appended, findings).map((m) => ({
      seq: m.event.seq,
      server: m.device,
      kind: 'append' as const,
      data: m.data,
    })),
    ...marked(trace, 'sync', Synced, findings).map((m) => ({ seq: m.event.seq, server: m.device, kind: 'sync' as const, data: m.data })),
    ...marked(trace, 'delete', Deleted, findings).map((m) => ({
      seq: m.event.seq,
      server: m.device,
      kind: 'delete' as const,
      data: m.data,
    })),
  ].sort((a, b) => a.seq - b.seq);
  for (const event of events) {
    const chunks = chunksOf(event.server);
    if (event.kind === 'delete') chunks.delete(event.data.chunk);
    else if (event.kind === 'sync') chunks.set(event.data.chunk, [...event.data.records]);
    else {
      const records = chunks.get(event.data.chunk) ?? [];
      if (event.data.offset !== records.length)
        findings.add(
          `device ${event.server} stored ${event.data.client}:${event.data.seq} at offset ${event.data.offset} of chunk ${event.data.chunk}, which held ${records.length} records`,
        );
      records.push(`${event.data.client}:${event.data.seq}`);
      chunks.set(event.data.chunk, records);
    }
  }
  return held;
}

/** Each chunk's servers as the master last set them (allocation or fail-over). */
function finalServers(trace: readonly TraceEvent[], findings: Findings): Map<number, number[]> {
  const servers = new Map<number, number[]>();
  const sent = [...seen(trace, 'send', AllocateChunkReq, findings), ...seen(trace, 'send', ChunkLocations, findings)]
    .filter(({ event }) => event.src === MASTER)
    .sort((a, b) => a.event.seq - b.event.seq);
  for (const { msg } of sent) servers.set(msg.chunkhandle, msg.chunkservers);
  return servers;
}

/**
 * GFS did its job. From the trace: every live replica of every chunk (its servers as the master
 * last set them, without crashed ones) holds the same records in the same order (rebuilt from the
 * chunkservers' own marks, and matching what they return); every acknowledged append is in its
 * chunk at the acknowledged offset and nowhere else, exactly once, so none is lost across a crash
 * of a replica; every record stored is one a client asked to append; and every client that did
 * not crash had all its records acknowledged.
 */
export function checkGfs(results: readonly unknown[], trace: readonly TraceEvent[], context: CheckContext): CheckResult {
  const findings = new Findings();
  const options = gfsOptions.parse(context.options);
  const held = replicasFromTrace(trace, findings);
  const servers = finalServers(trace, findings);
  resultsOf(results, z.unknown(), context.crashed, findings, 'result').forEach((raw, device) => {
    if (!isChunkserver(device, options) || context.crashed[device]) return;
    const result = ChunkserverResult.safeParse(raw);
    if (!result.success) {
      findings.add(`device ${device} returned no chunks`);
      return;
    }
    const traced = held.get(device) ?? new Map<number, string[]>();
    const claimed = new Map(Object.entries(result.data.chunks).map(([handle, records]) => [Number(handle), records]));
    for (const handle of new Set([...claimed.keys(), ...traced.keys()])) {
      const mine = (claimed.get(handle) ?? []).join(' ');
      const marks = (traced.get(handle) ?? []).join(' ');
      if (mine !== marks) findings.add(`device ${device} claims chunk ${handle} holds [${mine}], its marks in the trace show [${marks}]`);
    }
  });
  const reference = new Map<number, string[]>();
  for (const [handle, list] of servers) {
    const live = list.filter((server) => !context.crashed[server]);
    if (live.length === 0) {
      findings.add(`chunk ${handle} lost every replica (servers ${list.join(', ')} crashed)`);
      continue;
    }
    const [first, ...rest] = live.map((server) => ({ server, records: held.get(server)?.get(handle) ?? [] }));
    if (!first) continue;
    reference.set(handle, first.records);
    for (const other of rest) {
      const at = first.records.findIndex((record, offset) => other.records[offset] !== record);
      if (at >= 0 || other.records.length !== first.records.length)
        findings.add(
          `chunk ${handle}: replicas on devices ${first.server} and ${other.server} differ at offset ${at >= 0 ? at : Math.min(first.records.length, other.records.length)} ` +
            `(${first.records.slice(0, 6).join(' ')} vs ${other.records.slice(0, 6).join(' ')})`,
        );
    }
    const seenHere = new Set<string>();
    for (const record of first.records) {
      if (seenHere.has(record)) findings.add(`chunk ${handle} holds record ${record} twice`);
      seenHere.add(record);
    }
  }
  const asked = new Set(
    seen(trace, 'send', RecordAppendReq, findings)
      .filter(({ event, msg }) => event.src === msg.record.client)
      .map(({ msg }) => `${msg.record.client}:${msg.record.seq}`),
  );
  const everywhere = new Map<string, number>();
  for (const records of reference.values()) for (const record of records) everywhere.set(record, (everywhere.get(record) ?? 0) + 1);
  for (const record of everywhere.keys())
    if (!asked.has(record)) findings.add(`record ${record} is stored, but its client never asked to append it`);
  const acked = seen(trace, 'send', RecordAppendRsp, findings).filter(({ msg }) => msg.result === 'ok');
  const ackedKeys = new Set<string>();
  for (const { event, msg } of acked) {
    const key = `${event.dst ?? '?'}:${msg.seq}`;
    ackedKeys.add(key);
    const records = reference.get(msg.chunkhandle);
    if (records && records[msg.offset ?? -1] !== key)
      findings.add(`acknowledged record ${key} is not at offset ${msg.offset ?? '?'} of chunk ${msg.chunkhandle}`);
    if ((everywhere.get(key) ?? 0) !== 1)
      findings.add(`acknowledged record ${key} is in the file ${everywhere.get(key) ?? 0} times, not once`);
  }
  for (const client of clientIndices(options, context.devices)) {
    if (context.crashed[client]) continue;
    const missing = [...Array(options.appends).keys()].filter((seq) => !ackedKeys.has(`${client}:${seq}`));
    if (missing.length > 0)
      findings.add(`client ${client}'s record${missing.length > 1 ? 's' : ''} ${missing.join(', ')} never acknowledged`);
  }
  const dead = marked(trace, 'dead', Dead, findings).map(({ data }) => data.server);
  const records = [...everywhere.keys()].length;
  return findings.verdict(
    `${counted(servers.size, 'chunk')}, ${counted(records, 'record')}; every live replica identical; all ${ackedKeys.size} acknowledged appends present exactly once at their offsets` +
      (dead.length > 0 ? `; chunkserver${dead.length > 1 ? 's' : ''} ${dead.join(', ')} taken for dead and failed over` : ''),
  );
}
