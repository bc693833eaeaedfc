import { z } from 'zod';
import { messageIds } from '../message.js';

const counts = z.record(z.string(), z.int().positive());
const task = z.int().nonnegative();
const partition = z.int().nonnegative();

export const ClientJobStart = z.object({
  type: z.literal('ClientJobStart'),
  ...messageIds,
  filenames: z.array(z.string()),
  numberPartitions: z.int().positive(),
});
/** The master to the client: the result files and, since there is no shared disk, their contents. */
export const ClientJobCompleted = z.object({
  type: z.literal('ClientJobCompleted'),
  ...messageIds,
  resultFiles: z.array(z.string()),
  results: z.record(z.string(), counts),
});
export const MapTask = z.object({
  type: z.literal('MapTask'),
  ...messageIds,
  task,
  filenames: z.array(z.string()),
  numberPartitions: z.int().positive(),
});
const MappingDone = z.object({ type: z.literal('MappingDone'), ...messageIds, task });
/** `numberMappers` is the number of map tasks: a reducer is done when it has a partition from each. */
export const ReduceTask = z.object({
  type: z.literal('ReduceTask'),
  ...messageIds,
  myPartition: partition,
  numberPartitions: z.int().positive(),
  numberMappers: z.int().positive(),
});
export const ReducingDone = z.object({ type: z.literal('ReducingDone'), ...messageIds, partition, resultFilename: z.string(), counts });
/** The master to a reducer: map task `task` is done, its output is on `mapper`. */
const ReducerVisitMapper = z.object({ type: z.literal('ReducerVisitMapper'), ...messageIds, task, mapper: z.int().nonnegative() });
/** A reducer asks a mapper for its partition of a map task's output (the mapper's "local disk"). */
const PartitionReq = z.object({ type: z.literal('PartitionReq'), ...messageIds, task, partition });
/** null: the mapper does not have that output. */
export const PartitionRsp = z.object({ type: z.literal('PartitionRsp'), ...messageIds, task, partition, counts: counts.nullable() });
/** A reducer to the master: the mapper of `task` did not give its output; the task must be done again. */
const FetchFailed = z.object({ type: z.literal('FetchFailed'), ...messageIds, task, mapper: z.int().nonnegative() });
const Quit = z.object({ type: z.literal('Quit'), ...messageIds });

export const MapReduceMessage = z.discriminatedUnion('type', [
  ClientJobStart,
  ClientJobCompleted,
  MapTask,
  MappingDone,
  ReduceTask,
  ReducingDone,
  ReducerVisitMapper,
  PartitionReq,
  PartitionRsp,
  FetchFailed,
  Quit,
]);
export type MapReduceMessage = z.infer<typeof MapReduceMessage>;
