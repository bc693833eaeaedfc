import { z } from 'zod';
import { BaseMessage } from '../exercises/index.js';
import { RecoveryStats } from '../transport/index.js';

/** The broker names of one exercise run; all start with `fnsync.<runId>.`. */
export function wireNames(runId: string): { wire: string; emulator: string; lock: string; device: (index: number) => string } {
  const prefix = `fnsync.${runId}`;
  return { wire: `${prefix}.wire`, emulator: `${prefix}.emulator`, lock: `${prefix}.lock`, device: (index) => `${prefix}.device.${index}` };
}

/** Who may send an up message: the device it names (its index, or a message's source). */
export function upSender(message: UpMessage): string {
  return `device.${message.k === 'msg' ? message.m.source : message.d}`;
}

/** How a device and the emulator sign on the wire. */
export const EMULATOR_SENDER = 'emulator';

const device = z.int().nonnegative();

/** Device -> wire exchange -> emulator. A device's messages and its wait travel in order. */
export const UpMessage = z.discriminatedUnion('k', [
  z.strictObject({ k: z.literal('hello'), d: device }),
  z.strictObject({ k: z.literal('msg'), m: BaseMessage }),
  z.strictObject({ k: z.literal('wait'), d: device }),
  z.strictObject({ k: z.literal('mark'), d: device, t: z.string().min(1).max(100), v: z.record(z.string(), z.unknown()).nullable() }),
  z.strictObject({ k: z.literal('done'), d: device }),
]);
export type UpMessage = z.infer<typeof UpMessage>;

/** Emulator -> a device's queue: deliveries arrive before the `go` that ends the round they belong to. */
export const DownMessage = z.discriminatedUnion('k', [
  z.strictObject({ k: z.literal('start') }),
  z.strictObject({ k: z.literal('msg'), m: BaseMessage }),
  z.strictObject({ k: z.literal('go') }),
  z.strictObject({ k: z.literal('crash') }),
  /** Nothing can happen any more: return your result. */
  z.strictObject({ k: z.literal('quiesce') }),
  z.strictObject({ k: z.literal('stop'), reason: z.string() }),
]);
export type DownMessage = z.infer<typeof DownMessage>;

/** Which algorithm a device function runs: a registered one, or a user's bundled file. */
export const AlgorithmSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('registry'), lecture: z.int(), name: z.string() }),
  z.strictObject({ kind: z.literal('file'), module: z.string(), name: z.string(), lecture: z.int().nullable(), sourceFile: z.string() }),
]);
export type AlgorithmSource = z.infer<typeof AlgorithmSource>;

/** Everything a device function knows arrives in its payload. */
export const DevicePayload = z.strictObject({
  amqpUrl: z.string(),
  /** Survive the loss of a broker node (see BrokerConnection's `replicated`). */
  replicated: z.boolean().default(false),
  runId: z.string(),
  index: device,
  devices: z.int().min(1),
  seed: z.int(),
  algorithm: AlgorithmSource,
  /** The algorithm's options as the orchestrator parsed them; the device parses them again with the same schema. */
  options: z.record(z.string(), z.unknown()),
  /** The run's key (see RunKey): it authenticates the wire; never logged, never on the broker. */
  secret: z.string(),
  timeoutMs: z.int().positive(),
});
export type DevicePayload = z.infer<typeof DevicePayload>;

/** What a device function returns. */
export const DeviceOutcome = z.strictObject({
  device,
  result: z.unknown(),
  crashed: z.boolean(),
  quiesced: z.boolean(),
  waits: z.int(),
  /** Messages the device did not take as input, by reason. */
  rejectedBy: z.record(z.string(), z.int()),
  /** Replicated runs: what surviving a node's loss took. */
  recovery: z.optional(RecoveryStats),
});
export type DeviceOutcome = z.infer<typeof DeviceOutcome>;
