import { LoopDevice } from '../systems/loop-device.js';
import type { MapReduceMessage } from './map-reduce-messages.js';
import { CLIENT, FIRST_WORKER, type MapReduceOptions } from './map-reduce-options.js';
import { FETCH_TIMEOUT } from './map-reduce-worker.js';
import type { Counts } from './word-count.js';

interface MapTaskState {
  readonly files: string[];
  /** Workers given this task, the first one first. */
  readonly workers: number[];
  /** When it was last given to a worker. */
  since: number;
  /** The worker whose output counts, once one reported. */
  doneBy: number | null;
}

interface ReduceTaskState {
  readonly workers: number[];
  /** From when its inputs were all there (every map task done); null before. */
  since: number | null;
  result: { file: string; counts: Counts } | null;
}

export interface MasterResult {
  readonly role: 'master';
  readonly mapTasks: number;
  /** Map and reduce tasks given to a second (third...) worker: stragglers and crashes. */
  readonly backups: number;
  readonly reassigned: number;
}

/**
 * The seed's master, completed. It splits the files into one map task per mapper and gives each
 * reducer its partition; when a map task is done it tells every reducer where its output is (the
 * seed's missing ReducerVisitMapperMessage). Stragglers: a task that runs longer than `straggler`
 * rounds is given also to an idle worker, and whichever copy finishes first counts; output a
 * reducer could not fetch (its mapper crashed) makes the map task run again. When every partition
 * is reduced the client gets the result files; its quit ends the workers.
 */
export class MapReduceMaster extends LoopDevice<MapReduceMessage, MapReduceOptions> {
  private tasks: MapTaskState[] = [];
  private reduces: ReduceTaskState[] = [];
  /** Map tasks each worker was given and has not reported. */
  private readonly mapping = new Map<number, Set<number>>();
  private backups = 0;
  private reassigned = 0;
  private completed = false;

  protected handle(message: MapReduceMessage): void {
    switch (message.type) {
      case 'ClientJobStart':
        this.startJob(message.filenames, message.numberPartitions);
        return;
      case 'MappingDone':
        this.mapDone(message.task, message.source);
        return;
      case 'ReducingDone':
        this.reduceDone(message.partition, message.resultFilename, message.counts);
        return;
      case 'FetchFailed':
        this.fetchFailed(message.task, message.mapper);
        return;
      case 'Quit':
        for (let worker = FIRST_WORKER; worker < this.numberOfDevices; worker++) this.tell(worker, { type: 'Quit' });
        this.stop();
        return;
      default:
        return;
    }
  }

  private startJob(files: string[], partitions: number): void {
    if (this.tasks.length > 0) return;
    const mappers = this.numberOfDevices - FIRST_WORKER - partitions;
    // The seed's split, without its empty slices: with fewer files than mappers, the rest stay idle.
    const slices = Array.from({ length: mappers }, (_, i) =>
      files.slice(Math.floor((files.length * i) / mappers), Math.floor((files.length * (i + 1)) / mappers)),
    );
    this.tasks = slices
      .filter((slice) => slice.length > 0)
      .map((slice) => ({ files: slice, workers: [], since: this.round, doneBy: null }));
    this.reduces = Array.from({ length: partitions }, () => ({ workers: [], since: null, result: null }));
    this.reduces.forEach((_, partition) => this.giveReduce(partition, FIRST_WORKER + partition));
    this.tasks.forEach((_, task) => this.giveMap(task, FIRST_WORKER + partitions + task));
  }

  private giveMap(task: number, worker: number): void {
    const state = this.tasks[task];
    if (!state) return;
    state.workers.push(worker);
    state.since = this.round;
    this.mappingOf(worker).add(task);
    this.tell(worker, { type: 'MapTask', task, filenames: state.files, numberPartitions: this.reduces.length });
  }

  private giveReduce(partition: number, worker: number): void {
    const state = this.reduces[partition];
    if (!state) return;
    state.workers.push(worker);
    this.tell(worker, {
      type: 'ReduceTask',
      myPartition: partition,
      numberPartitions: this.reduces.length,
      numberMappers: this.tasks.length,
    });
    // A reducer that joins late hears of every map task done so far.
    this.tasks.forEach((task, index) => {
      if (task.doneBy !== null) this.tell(worker, { type: 'ReducerVisitMapper', task: index, mapper: task.doneBy });
    });
  }

  private mapDone(task: number, worker: number): void {
    this.mappingOf(worker).delete(task);
    const state = this.tasks[task];
    if (!state || state.doneBy !== null) return;
    state.doneBy = worker;
    for (const reduce of this.reduces) {
      if (reduce.result !== null) continue;
      for (const reducer of reduce.workers) this.tell(reducer, { type: 'ReducerVisitMapper', task, mapper: worker });
    }
    if (this.tasks.every((t) => t.doneBy !== null)) for (const reduce of this.reduces) reduce.since ??= this.round;
  }

  private reduceDone(partition: number, file: string, counts: Counts): void {
    const state = this.reduces[partition];
    if (!state || state.result !== null) return;
    state.result = { file, counts };
    if (this.completed || this.reduces.some((reduce) => reduce.result === null)) return;
    this.completed = true;
    const done = this.reduces.map((reduce) => reduce.result as { file: string; counts: Counts });
    this.tell(CLIENT, {
      type: 'ClientJobCompleted',
      resultFiles: done.map((r) => r.file),
      results: Object.fromEntries(done.map((r) => [r.file, r.counts])),
    });
  }

  /** The output of `task` on `mapper` is gone: the task runs again elsewhere. */
  private fetchFailed(task: number, mapper: number): void {
    const state = this.tasks[task];
    if (!state || state.doneBy !== mapper) return;
    state.doneBy = null;
    this.reassigned++;
    // The reducers' inputs are not all there any more: their straggler clocks wait for the task again.
    for (const reduce of this.reduces) if (reduce.result === null) reduce.since = null;
    const worker = this.idleWorker(state.workers.filter((w) => w !== mapper)) ?? this.idleWorker([mapper]);
    if (worker !== undefined) this.giveMap(task, worker);
  }

  /** Stragglers: a task running too long also goes to an idle worker. */
  protected override work(): void {
    const limit = this.options.straggler;
    this.tasks.forEach((state, task) => {
      if (state.doneBy !== null || this.round - state.since <= limit) return;
      const worker = this.idleWorker(state.workers);
      if (worker === undefined) return;
      this.backups++;
      this.giveMap(task, worker);
    });
    // A reducer may wait out a fetch from a lost mapper first: it gets that long more.
    this.reduces.forEach((state, partition) => {
      if (state.result !== null || state.since === null || this.round - state.since <= limit + FETCH_TIMEOUT) return;
      const worker = this.idleWorker(state.workers);
      if (worker === undefined) return;
      this.backups++;
      state.since = this.round;
      this.giveReduce(partition, worker);
    });
  }

  /** A worker with no map task to finish, other than `not`; one of them at random. */
  private idleWorker(not: readonly number[]): number | undefined {
    const idle: number[] = [];
    for (let worker = FIRST_WORKER; worker < this.numberOfDevices; worker++) {
      if (!not.includes(worker) && this.mappingOf(worker).size === 0) idle.push(worker);
    }
    return idle.length === 0 ? undefined : this.medium.random.pick(idle);
  }

  private mappingOf(worker: number): Set<number> {
    let tasks = this.mapping.get(worker);
    if (!tasks) this.mapping.set(worker, (tasks = new Set()));
    return tasks;
  }

  override result(): MasterResult {
    return { role: 'master', mapTasks: this.tasks.length, backups: this.backups, reassigned: this.reassigned };
  }
}
