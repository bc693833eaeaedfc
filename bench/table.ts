import type { BenchResults } from './results.js';
import type { Summary } from './stats.js';

/** The markdown tables README shows: floor, synchronizer, exercise engine. */
export function markdownTables(results: BenchResults): string {
  const lines: string[] = [];
  const reps = results.reps;
  const { machine, broker } = results;
  lines.push(
    `Measured ${results.startedAt.slice(0, 10)} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, RabbitMQ ${broker.rabbitmqVersion ?? '?'} on ${broker.host}; ` +
      `${reps} repetition${reps === 1 ? '' : 's'}${results.quick ? ' (--quick)' : ''}, median (min–max).`,
  );
  lines.push('');
  if (results.floor) {
    const { latency, throughput } = results.floor;
    lines.push('| Floor (raw amqplib, two processes) | value |');
    lines.push('| --- | ---: |');
    lines.push(`| one-hop latency (RTT/2, ${latency.roundTrips} round trips) | ${cell(latency.oneHopMs, 3)} ms |`);
    lines.push(`| round trip, median / p99 | ${fmt(latency.rttMedianMs.median, 3)} / ${fmt(latency.rttP99Ms.median, 3)} ms |`);
    lines.push(
      `| delivery throughput (${throughput.messages / 1000}k × ${throughput.messageBytes} B, one producer → one consumer) | ${cell(throughput.msgsPerSec, 0)} msgs/s |`,
    );
    lines.push('');
  }
  if (results.synchronizer.length > 0) {
    lines.push('| Synchronizer | N | wall (s) | spawn (ms) | protocol (ms) | delivered | floor (ms) | protocol / floor |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const row of results.synchronizer) {
      if (
        row.protocolMs === null ||
        row.totalMs === null ||
        row.spawnMs === null ||
        row.delivered === null ||
        row.floorMs === null ||
        row.ratio === null
      ) {
        lines.push(`| ${row.runtime} | ${row.slaves} | ${row.skipped ?? `failed: ${short(row.failures[0] ?? '?')}`} | | | | | |`);
        continue;
      }
      lines.push(
        `| ${row.runtime} | ${row.slaves} | ${cell(row.totalMs, 2, 1000)} | ${cell(row.spawnMs, 0)} | ${cell(row.protocolMs, 0)} | ${fmt(row.delivered.median, 0)} | ${fmt(row.floorMs.median, 0)} | ${cell(row.ratio, 2)}${row.failures.length > 0 ? ` (${row.failures.length} failed)` : ''} |`,
      );
    }
    lines.push('');
  }
  coldStartTable(results, lines);
  cliTable(results, lines);
  if (results.exercise.length > 0) {
    lines.push('| Exercise engine (sync) | devices | transport | messages | time (ms) | msgs/s |');
    lines.push('| --- | ---: | --- | ---: | ---: | ---: |');
    for (const row of results.exercise) {
      if (row.msgsPerSec === null || row.elapsedMs === null) {
        lines.push(`| ${row.algorithm} | ${row.devices} | ${row.transport} | failed: ${short(row.failures[0] ?? '?')} | | |`);
        continue;
      }
      lines.push(
        `| ${row.algorithm} | ${row.devices} | ${row.transport} | ${row.messages === null ? '?' : fmt(row.messages, 0)} | ${cell(row.elapsedMs, 1)} | ${cell(row.msgsPerSec, 0)} |`,
      );
    }
    lines.push('');
  }
  for (const note of results.notes) lines.push(`- ${note}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Cold start per function, local and isolate side by side at each N they both ran. */
function coldStartTable(results: BenchResults, lines: string[]): void {
  const row = (runtime: string, n: number) => results.synchronizer.find((r) => r.runtime === runtime && r.slaves === n);
  const ns = [...new Set(results.synchronizer.filter((r) => r.runtime === 'isolate').map((r) => r.slaves))];
  const pair = (runtime: string, n: number): string => {
    const r = row(runtime, n);
    const p95 = r?.coldStartP95Ms;
    return r?.coldStartMedianMs && p95 ? `${cell(r.coldStartMedianMs, 0)} | ${cell(p95, 0)}` : '– | –';
  };
  if (ns.length === 0) return;
  lines.push('| Cold start per function (ms) | N | local median | local p95 | isolate median | isolate p95 |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const n of ns) lines.push(`| invoke → handler start | ${n} | ${pair('local', n)} | ${pair('isolate', n)} |`);
  lines.push('');
}

/**
 * Whole `fnsync run` processes per runtime, each beside its start floor (N + 1 functions that do
 * nothing, as threads or processes; a bare Node's boot for inline).
 */
function cliTable(results: BenchResults, lines: string[]): void {
  const rows = results.cli ?? [];
  if (rows.length === 0) return;
  const runtimes = [...new Set(rows.map((r) => r.runtime))];
  lines.push(`| \`fnsync run\` wall, whole CLI (s) | N | ${runtimes.join(' | ')} |`);
  lines.push(`| --- | ---: | ${runtimes.map(() => '---:').join(' | ')} |`);
  for (const n of [...new Set(rows.map((r) => r.slaves))]) {
    const cells = runtimes.map((runtime) => {
      const r = rows.find((x) => x.runtime === runtime && x.slaves === n);
      if (r?.wallMs) return cell(r.wallMs, 2, 1000);
      return r ? `failed: ${short(r.failures[0] ?? '?')}` : '–';
    });
    lines.push(`| --slaves ${n} | ${n} | ${cells.join(' | ')} |`);
    const floors = runtimes.map((runtime) => {
      const r = rows.find((x) => x.runtime === runtime && x.slaves === n);
      return r?.startFloorMs
        ? `${cell(r.startFloorMs, 2, 1000)}${r.vsStartFloor === null ? '' : `; run = ${fmt(r.vsStartFloor, 2)}x`}`
        : '–';
    });
    lines.push(`| start floor: ${n + 1} no-op functions | ${n} | ${floors.join(' | ')} |`);
  }
  lines.push('');
  if (results.nodeBootMs) lines.push(`Baseline in the same run: \`node -e 0\` takes ${cell(results.nodeBootMs, 0)} ms.`, '');
}

/** `median (min–max)`, or just the value when there was one repetition. */
function cell(s: Summary, decimals: number, divisor = 1): string {
  const f = (x: number): string => fmt(x / divisor, decimals);
  return s.values.length > 1 && s.min !== s.max ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : f(s.median);
}

function fmt(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A failure in a table cell: one line, numbers rounded, at most 100 characters. */
function short(message: string): string {
  const line = message
    .replace(/\s+/g, ' ')
    .replace(/(\d+\.\d)\d{3,}/g, '$1')
    .replace(/\|/g, '/');
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}
