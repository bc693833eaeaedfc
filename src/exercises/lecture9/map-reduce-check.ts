import type { CheckContext, CheckResult, TraceEvent } from '../algorithm.js';
import { Findings, counted, seen } from '../systems/findings.js';
import { ClientJobCompleted, ClientJobStart, MapTask, PartitionRsp, ReduceTask, ReducingDone } from './map-reduce-messages.js';
import { CLIENT, mapReduceOptions } from './map-reduce-options.js';
import { partitionOf, sequentialCount, type Counts } from './word-count.js';

/** The first word on which two counts differ, as `'word' a vs b`, or undefined. */
function difference(actual: Counts, expected: Counts): string | undefined {
  for (const word of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (actual[word] !== expected[word]) return `'${word}' ${actual[word] ?? 0} vs ${expected[word] ?? 0}`;
  }
  return undefined;
}

const onlyPartition = (counts: Counts, partition: number, partitions: number): Counts =>
  Object.fromEntries(Object.entries(counts).filter(([word]) => partitionOf(word, partitions) === partition));

/**
 * MapReduce did its job: the result files the client received hold, word for word, a sequential
 * count of the files it asked for, each word in the partition of its first letter and in one file
 * only. Read from the trace, so a wrong count is traced to its cause: each mapper's output for a
 * partition equals a sequential count of its task's files, and each reducer merged one output of
 * every map task, nothing more.
 */
export function checkMapReduce(_results: readonly unknown[], trace: readonly TraceEvent[], context: CheckContext): CheckResult {
  const findings = new Findings();
  const { corpus } = mapReduceOptions.parse(context.options);
  const start = seen(trace, 'send', ClientJobStart, findings).find(({ event }) => event.src === CLIENT);
  if (!start) return { passed: false, details: 'the client never started a job' };
  const { filenames, numberPartitions: partitions } = start.msg;
  const expected = sequentialCount(corpus, filenames);
  const taskFiles = new Map<number, string[]>();
  for (const { msg } of seen(trace, 'send', MapTask, findings)) taskFiles.set(msg.task, msg.filenames);
  const taskCounts = new Map([...taskFiles].map(([task, files]) => [task, sequentialCount(corpus, files)]));
  for (const { event, msg } of seen(trace, 'send', PartitionRsp, findings)) {
    const counts = taskCounts.get(msg.task);
    if (msg.counts === null || counts === undefined) continue;
    const wrong = difference(msg.counts, onlyPartition(counts, msg.partition, partitions));
    if (wrong)
      findings.add(
        `device ${event.src ?? '?'}'s output of map task ${msg.task}, partition ${msg.partition}, is not its files' count (${wrong})`,
      );
  }
  checkReducers(trace, taskFiles.size, findings);
  const completed = seen(trace, 'deliver', ClientJobCompleted, findings).find(({ event }) => event.dst === CLIENT);
  if (!completed) {
    findings.add('the client never received ClientJobCompleted');
    return findings.verdict('');
  }
  const output: Counts = {};
  for (const [file, counts] of Object.entries(completed.msg.results)) {
    for (const [word, count] of Object.entries(counts)) {
      if (word in output) findings.add(`'${word}' is in more than one result file (again in ${file})`);
      output[word] = (output[word] ?? 0) + count;
    }
  }
  for (const { msg } of seen(trace, 'send', ReducingDone, findings)) {
    const stray = Object.keys(msg.counts).find((word) => partitionOf(word, partitions) !== msg.partition);
    if (stray !== undefined)
      findings.add(
        `'${stray}' is in partition ${msg.partition}, but its first letter belongs to partition ${partitionOf(stray, partitions)}`,
      );
  }
  const missing = Object.keys(expected).filter((word) => !(word in output));
  const extra = Object.keys(output).filter((word) => !(word in expected));
  const wrong = Object.keys(expected).filter((word) => word in output && output[word] !== expected[word]);
  if (missing.length > 0)
    findings.add(
      `${missing.length} words missing from the output (${missing
        .slice(0, 5)
        .map((w) => `'${w}' ${expected[w] ?? 0}`)
        .join(', ')})`,
    );
  if (extra.length > 0) findings.add(`${extra.length} words in the output that the files do not have (${extra.slice(0, 5).join(', ')})`);
  for (const word of wrong.slice(0, 5))
    findings.add(
      `'${word}' counted ${output[word] ?? 0}, a sequential count says ${expected[word] ?? 0} (partition ${partitionOf(word, partitions)})`,
    );
  const words = Object.values(expected).reduce((sum, count) => sum + count, 0);
  const handedOut = seen(trace, 'send', MapTask, findings).length + seen(trace, 'send', ReduceTask, findings).length;
  const backups = handedOut - taskFiles.size - partitions;
  return findings.verdict(
    `${filenames.length} files, ${words} words, ${Object.keys(expected).length} distinct: the output equals a sequential count word for word; ` +
      `${counted(partitions, 'partition')} by first letter; ${counted(taskFiles.size, 'map task')}; ${counted(backups, 'task')} handed out again (stragglers, crashes, lost output)`,
  );
}

/** Each reducer's result is the merge of one fetched output of every map task for its partition. */
function checkReducers(trace: readonly TraceEvent[], tasks: number, findings: Findings): void {
  const fetched = new Map<string, Map<number, Counts>>();
  for (const { event, msg } of seen(trace, 'deliver', PartitionRsp, findings)) {
    if (msg.counts === null || event.dst === null) continue;
    const key = `${event.dst}:${msg.partition}`;
    const got = fetched.get(key) ?? new Map<number, Counts>();
    if (!got.has(msg.task)) got.set(msg.task, msg.counts);
    fetched.set(key, got);
  }
  const expectedTasks = new Map(seen(trace, 'send', ReduceTask, findings).map(({ msg }) => [msg.myPartition, msg.numberMappers]));
  for (const { event, msg } of seen(trace, 'send', ReducingDone, findings)) {
    const reducer = event.src ?? -1;
    const got = fetched.get(`${reducer}:${msg.partition}`) ?? new Map<number, Counts>();
    const needed = expectedTasks.get(msg.partition) ?? tasks;
    const absent = [...Array(needed).keys()].filter((task) => !got.has(task));
    if (absent.length > 0)
      findings.add(
        `device ${reducer} reduced partition ${msg.partition} without the output of map task ${absent.join(', ')} (it had ${got.size} of ${needed})`,
      );
    const merged: Counts = {};
    for (const counts of got.values()) for (const [word, count] of Object.entries(counts)) merged[word] = (merged[word] ?? 0) + count;
    const wrong = difference(msg.counts, merged);
    if (wrong) findings.add(`device ${reducer}'s partition ${msg.partition} is not the merge of what it fetched (${wrong})`);
  }
}
