/**
 * `npm run bench`: the floor (raw amqplib), the synchronizer at several N on local, isolate and
 * inline, the whole CLI's wall time, and the exercise engine, all in one run on one broker; writes latest.json and the SVG plot,
 * prints the markdown table (or --json). See docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseBenchArgs, USAGE, type BenchArgs } from './args.js';
import { brokerInfo, fdsNeeded } from './broker.js';
import { measureCliRun, measureNodeBoot, measureStartFloor } from './cli.js';
import { measureExercise, type ExerciseCase, type ExerciseSample } from './exercise.js';
import { measureLatency, measureThroughput, type LatencyResult, type ThroughputResult } from './floor.js';
import { protocolPlot } from './plot.js';
import { Progress } from '../src/cli/progress.js';
import type { BenchResults, CliRow, ExerciseRow, SyncRow } from './results.js';
import { summarize } from './stats.js';
import { loadFnsync } from './fnsync.js';
import { ONCE_FROM_SLAVES, measureSynchronizer, type SyncRuntime, type SyncSample } from './synchronizer.js';
import { measureFanoutFloor } from './fanout-floor.js';
import { markdownTables } from './table.js';

interface Plan {
  latency: { roundTrips: number; warmup: number };
  throughput: { messages: number };
  sync: { runtime: SyncRuntime; slaves: number }[];
  /** Whole `fnsync run` processes, as a user starts them. */
  cli: { runtime: SyncRuntime; slaves: number }[];
  exercise: ExerciseCase[];
}

function planFor(args: BenchArgs): Plan {
  const has = (part: string): boolean => args.only.length === 0 || args.only.includes(part);
  const configs = (runtime: SyncRuntime, ns: number[]): Plan['sync'] => ns.map((slaves) => ({ runtime, slaves }));
  const sync = args.quick
    ? [...configs('local', [10, 40]), ...configs('isolate', [10, 40]), ...configs('inline', [10, 40, 100])]
    : [...configs('local', [10, 40, 100]), ...configs('isolate', [10, 40, 100]), ...configs('inline', [10, 40, 100, 300, 1000])];
  const cli = (['local', 'isolate', 'inline'] as const).flatMap((runtime) => configs(runtime, [10, 40]));
  const exercise: ExerciseCase[] = [];
  for (const transport of ['memory', 'amqp'] as const) {
    exercise.push(
      { lecture: 0, algorithm: 'PingPong', devices: 10, transport },
      { lecture: 1, algorithm: 'Gossip', devices: 10, transport },
    );
  }
  // The memory transport's capacity: enough messages that set-up does not dominate.
  exercise.push({ lecture: 1, algorithm: 'Gossip', devices: args.quick ? 100 : 300, transport: 'memory' });
  return {
    latency: args.quick ? { roundTrips: 500, warmup: 100 } : { roundTrips: 2000, warmup: 200 },
    throughput: { messages: args.quick ? 20_000 : 100_000 },
    sync: has('sync') ? sync : [],
    cli: has('cli') ? cli : [],
    exercise: has('exercise') ? exercise : [],
  };
}

async function main(): Promise<void> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (args.render !== undefined) {
    const results = JSON.parse(await readFile(args.render, 'utf8')) as BenchResults;
    const svgPath = join(dirname(args.render), 'protocol-vs-n.svg');
    await writeFile(svgPath, plotOf(results));
    process.stderr.write(`wrote ${svgPath}\n`);
    process.stdout.write(args.json ? `${JSON.stringify(results, null, 2)}\n` : markdownTables(results));
    return;
  }
  const plan = planFor(args);
  const fnsync = await loadFnsync();
  const startedAt = new Date();
  const began = performance.now();
  const id = randomBytes(3).toString('hex');
  const notes: string[] = [];
  const broker = await brokerInfo(args.amqpUrl);
  if (broker.error !== undefined) notes.push(`Broker fd limit unknown (${broker.error}); every N was attempted.`);

  // Configurations the broker cannot hold are skipped up front, with the reason.
  const skipped = new Map<string, string>();
  for (const c of plan.sync) {
    if (broker.fdTotal !== null && broker.fdTotal < fdsNeeded(c.slaves)) {
      const reason = `skipped: the broker allows ${broker.fdTotal} file descriptors, N = ${c.slaves} needs about ${fdsNeeded(c.slaves)} (raise RabbitMQ's ulimit -n)`;
      skipped.set(key(c.runtime, c.slaves), reason);
      notes.push(`${c.runtime} N = ${c.slaves} ${reason}.`);
    }
  }
  const runnable = plan.sync.filter((c) => !skipped.has(key(c.runtime, c.slaves)));
  const syncRuns = runnable.reduce((n, c) => n + (c.slaves >= ONCE_FROM_SLAVES ? 1 : args.reps), 0);
  const total = args.reps * (2 + plan.exercise.length + (plan.cli.length > 0 ? 1 + plan.cli.length : 0)) + syncRuns;
  const progress = new Progress({ timestamps: true });
  let measured = 0;
  const start = (what: string): void => progress.update(measured, total, what);
  const done = (text: string): void => {
    measured++;
    progress.line(text);
  };
  const say = (text: string): void => progress.line(text);
  say(
    `bench ${id}: ${args.reps} repetition(s)${args.quick ? ', quick' : ''}; broker ${broker.rabbitmqVersion ?? '?'} (fd limit ${broker.fdTotal ?? '?'}) at ${new URL(args.amqpUrl).host}`,
  );

  // The floor first: the synchronizer's ratios need it.
  const latencies: LatencyResult[] = [];
  const throughputs: ThroughputResult[] = [];
  for (let rep = 0; rep < args.reps; rep++) {
    start(`floor latency, rep ${rep + 1}`);
    const latency = await measureLatency(args.amqpUrl, plan.latency);
    latencies.push(latency);
    done(
      `floor latency     rep ${rep + 1}: one hop ${latency.oneHopMs.toFixed(3)} ms (RTT median ${latency.rttMedianMs.toFixed(3)}, p99 ${latency.rttP99Ms.toFixed(3)} ms)`,
    );
    start(`floor throughput, rep ${rep + 1}`);
    const throughput = await measureThroughput(args.amqpUrl, plan.throughput);
    throughputs.push(throughput);
    done(
      `floor throughput  rep ${rep + 1}: ${Math.round(throughput.msgsPerSec)} msgs/s at the consumer (${Math.round(throughput.endToEndMsgsPerSec)} end to end)`,
    );
  }
  const oneHop = summarize(
    latencies.map((l) => l.oneHopMs),
    4,
  );
  const rate = summarize(
    throughputs.map((t) => t.msgsPerSec),
    4,
  );
  const floor: NonNullable<BenchResults['floor']> = {
    latency: {
      roundTrips: plan.latency.roundTrips,
      warmup: plan.latency.warmup,
      oneHopMs: oneHop,
      rttMeanMs: summarize(
        latencies.map((l) => l.rttMeanMs),
        4,
      ),
      rttMedianMs: summarize(
        latencies.map((l) => l.rttMedianMs),
        4,
      ),
      rttP99Ms: summarize(
        latencies.map((l) => l.rttP99Ms),
        4,
      ),
    },
    throughput: {
      messages: plan.throughput.messages,
      messageBytes: throughputs[0]?.messageBytes ?? 0,
      msgsPerSec: rate,
      endToEndMsgsPerSec: summarize(
        throughputs.map((t) => t.endToEndMsgsPerSec),
        4,
      ),
    },
    oneHopMs: oneHop.median,
    msgsPerSec: rate.median,
  };

  // The synchronizer, repetition-major so that a noisy minute spreads over every configuration.
  const syncSamples = new Map<string, SyncSample[]>();
  const syncFailures = new Map<string, string[]>();
  /** The fanout floor at N, one sample per repetition, measured just before that repetition's runs at N. */
  const fanoutFloors = new Map<number, number[]>();
  const floorOf = (slaves: number, rep: number): number =>
    fanoutFloors.get(slaves)?.[Math.min(rep, (fanoutFloors.get(slaves)?.length ?? 1) - 1)] ?? NaN;
  for (let rep = 0; rep < args.reps; rep++) {
    for (const c of runnable) {
      const measured = fanoutFloors.get(c.slaves) ?? [];
      if (measured.length === rep && !(rep > 0 && c.slaves >= ONCE_FROM_SLAVES)) {
        start(`fanout floor N=${c.slaves}, rep ${rep + 1}`);
        try {
          const f = await measureFanoutFloor(args.amqpUrl, c.slaves);
          fanoutFloors.set(c.slaves, [...measured, f.floorMs]);
          say(
            `fanout floor      N=${String(c.slaves).padEnd(4)} rep ${rep + 1}: ${f.floorMs.toFixed(1)} ms for ${f.deliveries} deliveries`,
          );
        } catch (error) {
          say(`fanout floor N=${c.slaves} rep ${rep + 1}: FAILED: ${(error as Error).message}`);
        }
      }
      const k = key(c.runtime, c.slaves);
      const failures = syncFailures.get(k) ?? [];
      if (failures.length > 0) continue; // a configuration that failed once is not retried
      if (rep > 0 && c.slaves >= ONCE_FROM_SLAVES) continue; // minutes a run: measured once
      start(`synchronizer ${c.runtime} N=${c.slaves}, rep ${rep + 1}`);
      try {
        const sample = await measureSynchronizer(fnsync, args.amqpUrl, c.runtime, c.slaves, {
          seed: 1000 + rep,
          runId: `bench-${id}-${c.runtime}-${c.slaves}-${rep}`,
        });
        syncSamples.set(k, [...(syncSamples.get(k) ?? []), sample]);
        const f = floorOf(c.slaves, rep);
        done(
          `synchronizer ${c.runtime.padEnd(6)} N=${String(c.slaves).padEnd(4)} rep ${rep + 1}: wall ${sample.totalMs.toFixed(0)} ms, spawn ${sample.spawnMs.toFixed(0)} ms, protocol ${sample.protocolMs.toFixed(1)} ms, ${sample.delivered} delivered; floor ${f.toFixed(1)} ms, ratio ${(sample.protocolMs / f).toFixed(2)}`,
        );
      } catch (error) {
        syncFailures.set(k, [...failures, (error as Error).message]);
        done(`synchronizer ${c.runtime} N=${c.slaves} rep ${rep + 1}: FAILED: ${(error as Error).message}`);
      }
    }
  }
  const synchronizer: SyncRow[] = plan.sync.map((c) => {
    const k = key(c.runtime, c.slaves);
    const samples = syncSamples.get(k) ?? [];
    const failures = syncFailures.get(k) ?? [];
    const skip = skipped.get(k);
    const s = (pick: (x: SyncSample) => number): BenchResults['synchronizer'][number]['totalMs'] =>
      samples.length > 0 ? summarize(samples.map(pick)) : null;
    const floors = samples.map((_, rep) => floorOf(c.slaves, rep));
    return {
      runtime: c.runtime,
      slaves: c.slaves,
      ...(skip === undefined ? {} : { skipped: skip }),
      runs: samples.length,
      failures,
      totalMs: s((x) => x.totalMs),
      spawnMs: s((x) => x.spawnMs),
      protocolMs: s((x) => x.protocolMs),
      coldStartMedianMs: s((x) => x.coldStartMedianMs),
      coldStartP95Ms: s((x) => x.coldStartP95Ms),
      published: s((x) => x.published),
      delivered: s((x) => x.delivered),
      floorMs: samples.length > 0 ? summarize(floors) : null,
      ratio: samples.length > 0 ? summarize(samples.map((x, i) => x.protocolMs / (floors[i] ?? NaN))) : null,
    };
  });

  // The whole CLI, as a user runs it, beside a bare Node process's boot.
  const boots: number[] = [];
  const cliSamples = new Map<string, number[]>();
  const cliFailures = new Map<string, string[]>();
  // Per configuration, measured just before its run in the same repetition.
  const startFloors = new Map<string, number[]>();
  for (let rep = 0; rep < args.reps && plan.cli.length > 0; rep++) {
    start(`node boot, rep ${rep + 1}`);
    const boot = await measureNodeBoot();
    boots.push(boot);
    done(`node -e 0        rep ${rep + 1}: ${boot.toFixed(0)} ms`);
    for (const c of plan.cli) {
      const k = key(c.runtime, c.slaves);
      if ((cliFailures.get(k) ?? []).length > 0) continue;
      start(`fnsync run ${c.runtime} N=${c.slaves}, rep ${rep + 1}`);
      try {
        const floorMs = c.runtime === 'inline' ? undefined : await measureStartFloor(c.runtime, c.slaves + 1);
        if (floorMs !== undefined) startFloors.set(k, [...(startFloors.get(k) ?? []), floorMs]);
        const wallMs = await measureCliRun(
          fnsync.dist,
          args.amqpUrl,
          c.runtime,
          c.slaves,
          `bench-${id}-cli-${c.runtime}-${c.slaves}-${rep}`,
        );
        cliSamples.set(k, [...(cliSamples.get(k) ?? []), wallMs]);
        const floor = floorMs === undefined ? '' : ` (${c.slaves + 1} no-op functions: ${floorMs.toFixed(0)} ms)`;
        done(`fnsync run ${c.runtime.padEnd(7)} N=${String(c.slaves).padEnd(3)} rep ${rep + 1}: ${wallMs.toFixed(0)} ms wall${floor}`);
      } catch (error) {
        cliFailures.set(k, [(error as Error).message]);
        done(`fnsync run ${c.runtime} N=${c.slaves} rep ${rep + 1}: FAILED: ${(error as Error).message}`);
      }
    }
  }
  const nodeBootMs = boots.length > 0 ? summarize(boots) : null;
  const cli: CliRow[] = plan.cli.map((c) => {
    const samples = cliSamples.get(key(c.runtime, c.slaves)) ?? [];
    const wallMs = samples.length > 0 ? summarize(samples) : null;
    const floors = startFloors.get(key(c.runtime, c.slaves)) ?? [];
    const startFloorMs = floors.length > 0 ? summarize(floors) : nodeBootMs;
    return {
      runtime: c.runtime,
      slaves: c.slaves,
      runs: samples.length,
      failures: cliFailures.get(key(c.runtime, c.slaves)) ?? [],
      wallMs,
      vsNodeBoot: wallMs && nodeBootMs ? Math.round((wallMs.median / nodeBootMs.median) * 10) / 10 : null,
      startFloorMs,
      vsStartFloor: wallMs && startFloorMs ? Math.round((wallMs.median / startFloorMs.median) * 100) / 100 : null,
    };
  });

  // The exercise engine.
  const exerciseSamples = new Map<number, ExerciseSample[]>();
  const exerciseFailures = new Map<number, string[]>();
  for (let rep = 0; rep < args.reps; rep++) {
    for (const [i, c] of plan.exercise.entries()) {
      if ((exerciseFailures.get(i) ?? []).length > 0) continue;
      start(`exercise ${c.algorithm} ${c.devices} on ${c.transport}, rep ${rep + 1}`);
      try {
        const sample = await measureExercise(fnsync, args.amqpUrl, c, { seed: 2000 + rep, runId: `bench-${id}-ex${i}-${rep}` });
        exerciseSamples.set(i, [...(exerciseSamples.get(i) ?? []), sample]);
        done(
          `exercise ${c.algorithm.padEnd(8)} ${String(c.devices).padEnd(4)} devices on ${c.transport.padEnd(6)} rep ${rep + 1}: ${sample.messages} messages in ${sample.elapsedMs.toFixed(1)} ms, ${Math.round(sample.msgsPerSec)} msgs/s`,
        );
      } catch (error) {
        exerciseFailures.set(i, [(error as Error).message]);
        done(`exercise ${c.algorithm} ${c.devices} on ${c.transport} rep ${rep + 1}: FAILED: ${(error as Error).message}`);
      }
    }
  }
  const exercise: ExerciseRow[] = plan.exercise.map((c, i) => {
    const samples = exerciseSamples.get(i) ?? [];
    return {
      algorithm: c.algorithm,
      lecture: c.lecture,
      devices: c.devices,
      transport: c.transport,
      mode: 'sync',
      runs: samples.length,
      failures: exerciseFailures.get(i) ?? [],
      messages: samples[0]?.messages ?? null,
      elapsedMs: samples.length > 0 ? summarize(samples.map((x) => x.elapsedMs)) : null,
      msgsPerSec: samples.length > 0 ? summarize(samples.map((x) => x.msgsPerSec)) : null,
    };
  });
  progress.finish();

  notes.push(
    'Floor at N: raw amqplib in one process, N consumers each with its own connection and queue bound to one fanout exchange; N rounds of one direct hop and one fanout to all N queues, each waited for (see docs/benchmarks.md). Measured at each N before the runs at that N, in this run.',
  );
  const cpu = cpus();
  const results: BenchResults = {
    version: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationS: Math.round((performance.now() - began) / 100) / 10,
    quick: args.quick,
    reps: args.reps,
    machine: {
      cpus: cpu.length,
      cpuModel: (cpu[0]?.model ?? '?').replace(/\s+/g, ' ').trim(),
      totalMemGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      loadAvgAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    },
    broker: { ...broker, host: new URL(args.amqpUrl).host },
    floor,
    synchronizer,
    nodeBootMs,
    cli,
    exercise,
    notes,
  };

  await mkdir(args.outDir, { recursive: true });
  const jsonPath = join(args.outDir, 'latest.json');
  const svgPath = join(args.outDir, 'protocol-vs-n.svg');
  await writeFile(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(svgPath, plotOf(results));
  say(`wrote ${jsonPath} and ${svgPath} (${results.durationS} s)`);
  process.stdout.write(args.json ? `${JSON.stringify(results, null, 2)}\n` : markdownTables(results));
  const failed = [...synchronizer, ...cli, ...exercise].some((r) => r.failures.length > 0);
  if (failed) process.exitCode = 1;
}

function plotOf(results: BenchResults): string {
  const colors = { inline: '#1f77b4', local: '#d62728', isolate: '#9467bd' } as const;
  const series = (['inline', 'local', 'isolate'] as const).map((runtime) => ({
    label: `${runtime} (protocol)`,
    color: colors[runtime],
    points: results.synchronizer.flatMap((r) => (r.runtime === runtime && r.protocolMs ? [{ n: r.slaves, value: r.protocolMs }] : [])),
  }));
  const ns = results.synchronizer.map((r) => r.slaves);
  const curves = [];
  const floorPoints = [
    ...new Map(results.synchronizer.flatMap((r) => (r.floorMs ? [[r.slaves, r.floorMs.median] as const] : []))).entries(),
  ]
    .sort(([a], [b]) => a - b)
    .map(([n, value]) => ({ n, value }));
  if (ns.length > 0 && floorPoints.length > 0) {
    curves.push({ label: 'floor (raw amqplib, measured)', color: '#2ca02c', points: floorPoints });
    curves.push({ label: '1.5 × floor (target)', color: '#bbbbbb', points: floorPoints.map((p) => ({ n: p.n, value: 1.5 * p.value })) });
  }
  const notes = results.synchronizer.flatMap((r) =>
    r.skipped !== undefined
      ? [`${r.runtime} N=${r.slaves}: skipped (broker fd limit)`]
      : r.protocolMs === null
        ? [`${r.runtime} N=${r.slaves}: failed (see latest.json)`]
        : [],
  );
  return protocolPlot(
    `fnsync synchronizer: protocol time vs N (${results.startedAt.slice(0, 10)}, ${results.reps} rep${results.reps === 1 ? '' : 's'})`,
    series.filter((s) => s.points.length > 0),
    curves,
    notes,
  );
}

const key = (runtime: string, slaves: number): string => `${runtime}:${slaves}`;

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
