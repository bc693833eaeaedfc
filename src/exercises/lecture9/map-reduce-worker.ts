import { LoopDevice } from '../systems/loop-device.js';
import type { MapReduceMessage } from './map-reduce-messages.js';
import { MASTER, type MapReduceOptions } from './map-reduce-options.js';
import { countInto, partitionOf, readText, type Counts } from './word-count.js';

/** Rounds a reducer waits for a mapper's output before it tells the master the output is gone. */
export const FETCH_TIMEOUT = 10;

interface Mapping {
  readonly task: number;
  readonly files: string[];
  readonly partitions: number;
  /** The in-memory cache of the seed's mapper. */
  readonly cache: Map<string, number>;
}

interface Reducing {
  readonly tasks: number;
  readonly got: Map<number, Counts>;
  /** Outputs asked for: from which mapper, since when. */
  readonly asked: Map<number, { mapper: number; since: number }>;
  done: boolean;
}

export interface WorkerResult {
  readonly role: 'worker';
  readonly mapped: number[];
  readonly reduced: number[];
}

/**
 * The seed's worker: a mapper, a reducer or both (a reducer waiting for its inputs can take a
 * straggler's map task). A mapper counts one file per round (a slow one every `slowdown` rounds),
 * then splits its counts into partitions by first letter, keeps them on its "local disk" and
 * tells the master. A reducer, told where a map task's output is, asks that mapper for its
 * partition; with every map task's part it merges them and hands its result file to the master.
 */
export class MapReduceWorker extends LoopDevice<MapReduceMessage, MapReduceOptions> {
  private readonly queue: Mapping[] = [];
  /** Map outputs by task, one count per partition. */
  protected readonly stored = new Map<number, Counts[]>();
  protected readonly reducing = new Map<number, Reducing>();
  /** Where the master said each map task's output is (the latest word counts). */
  private readonly outputs = new Map<number, number>();

  protected handle(message: MapReduceMessage): void {
    switch (message.type) {
      case 'MapTask':
        if (this.stored.has(message.task)) this.tell(MASTER, { type: 'MappingDone', task: message.task });
        else if (!this.queue.some((m) => m.task === message.task))
          this.queue.push({ task: message.task, files: [...message.filenames], partitions: message.numberPartitions, cache: new Map() });
        return;
      case 'ReduceTask': {
        if (this.reducing.has(message.myPartition)) return;
        const reduce: Reducing = { tasks: message.numberMappers, got: new Map(), asked: new Map(), done: false };
        this.reducing.set(message.myPartition, reduce);
        // Visits may arrive before the task (a round's messages come in any order): fetch what is known.
        for (const [task, mapper] of this.outputs) this.fetch(message.myPartition, reduce, task, mapper);
        return;
      }
      case 'ReducerVisitMapper':
        this.outputs.set(message.task, message.mapper);
        for (const [partition, reduce] of this.reducing) this.fetch(partition, reduce, message.task, message.mapper);
        return;
      case 'PartitionReq':
        this.tell(message.source, {
          type: 'PartitionRsp',
          task: message.task,
          partition: message.partition,
          counts: this.stored.get(message.task)?.[message.partition] ?? null,
        });
        return;
      case 'PartitionRsp':
        this.fetched(message.partition, message.task, message.source, message.counts);
        return;
      case 'Quit':
        this.stop();
        return;
      default:
        return;
    }
  }

  protected override work(): void {
    this.mapOneFile();
    for (const reduce of this.reducing.values()) {
      for (const [task, { mapper, since }] of reduce.asked) {
        if (this.round - since < FETCH_TIMEOUT) continue;
        reduce.asked.delete(task);
        this.tell(MASTER, { type: 'FetchFailed', task, mapper });
      }
    }
  }

  private mapOneFile(): void {
    const mapping = this.queue[0];
    if (!mapping) return;
    if (this.options.slow.includes(this.index) && this.round % this.options.slowdown !== 0) return;
    const file = mapping.files.shift();
    if (file !== undefined) countInto(mapping.cache, readText(this.options.corpus, file) ?? '');
    if (mapping.files.length > 0) return;
    // The seed's shuffle: the cache into one count per partition, on the "local disk".
    const parts: Counts[] = Array.from({ length: mapping.partitions }, () => ({}));
    for (const [word, count] of mapping.cache) {
      const part = parts[partitionOf(word, mapping.partitions)];
      if (part) part[word] = count;
    }
    this.stored.set(mapping.task, parts);
    this.queue.shift();
    this.tell(MASTER, { type: 'MappingDone', task: mapping.task });
  }

  /** Asks `mapper` for this reducer's part of map task `task`'s output, unless it has it. */
  private fetch(partition: number, reduce: Reducing, task: number, mapper: number): void {
    if (reduce.done || reduce.got.has(task)) return;
    reduce.asked.set(task, { mapper, since: this.round });
    this.tell(mapper, { type: 'PartitionReq', task, partition });
  }

  /** A mapper's output for one of this reducer's partitions (null: it has none). */
  protected fetched(partition: number, task: number, mapper: number, counts: Counts | null): void {
    const reduce = this.reducing.get(partition);
    if (!reduce || reduce.done || reduce.got.has(task)) return;
    reduce.asked.delete(task);
    if (counts === null) {
      this.tell(MASTER, { type: 'FetchFailed', task, mapper });
      return;
    }
    reduce.got.set(task, counts);
    if (reduce.got.size === reduce.tasks) this.finish(partition, reduce);
  }

  protected finish(partition: number, reduce: Reducing): void {
    reduce.done = true;
    const merged = new Map<string, number>();
    for (const counts of reduce.got.values())
      for (const [word, count] of Object.entries(counts)) merged.set(word, (merged.get(word) ?? 0) + count);
    const sorted = Object.fromEntries([...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    this.tell(MASTER, { type: 'ReducingDone', partition, resultFilename: `partition-${partition}.txt`, counts: sorted });
  }

  override result(): WorkerResult {
    return { role: 'worker', mapped: [...this.stored.keys()], reduced: [...this.reducing].filter(([, r]) => r.done).map(([p]) => p) };
  }
}
