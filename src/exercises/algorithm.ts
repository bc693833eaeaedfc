import type { z } from 'zod';
import type { DeviceFactory } from './device.js';
import type { Message } from './message.js';

/** An algorithm's options: a zod object whose fields parse what the user typed (see options.ts). */
export type OptionsSchema = z.ZodObject<Record<string, z.ZodType>>;

/** One line of a run's trace, as checkers read it (`msg` parsed). */
export interface TraceEvent {
  readonly seq: number;
  /**
   * send, deliver, drop, duplicate: a message on the wire; round: a sync round ended; crash: the
   * fault stopped `src`; mark: device `src` marked an event (`type`, data in `msg`), such as
   * entering a critical section, in the engine's global order.
   */
  readonly kind: 'send' | 'deliver' | 'drop' | 'duplicate' | 'round' | 'crash' | 'mark';
  readonly src: number | null;
  readonly dst: number | null;
  readonly type: string | null;
  readonly msg: Message | Record<string, unknown> | null;
  readonly round?: number;
}

export interface CheckResult {
  readonly passed: boolean;
  readonly details: string;
}

/** What a checker knows of the run besides results and trace. */
export interface CheckContext {
  readonly devices: number;
  /** The algorithm's options, parsed (defaults filled in). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Which devices the crash fault stopped. */
  readonly crashed: readonly boolean[];
  /** The run ended at quiescence: some devices were still waiting when nothing could happen any more. */
  readonly quiescent: boolean;
}

/** A checker reads what the devices returned and what the network saw; it trusts neither alone. */
export type Checker = (results: readonly unknown[], trace: readonly TraceEvent[], context: CheckContext) => CheckResult;

/** An algorithm as the registry and the emulator know it. */
export interface Algorithm {
  /** null for a user's file run without --lecture. */
  readonly lecture: number | null;
  readonly name: string;
  readonly summary: string;
  readonly minDevices: number;
  /** Validates (and, by parsing, copies) every message a device sends. */
  readonly messages: z.ZodType<Message>;
  /** Whether `messages` copies deeply by itself; if not, the medium clones after parsing. */
  readonly parseCopies: boolean;
  /** `--option key=value`: every key, its parser and default. */
  readonly options: OptionsSchema;
  /**
   * What the options cannot say alone (a device index that must exist): a problem naming the option
   * (`key: ...`), or `--devices: ...` when the device count is wrong; undefined when all is well.
   */
  readonly validateOptions?: (options: Readonly<Record<string, unknown>>, devices: number) => string | undefined;
  /**
   * How many consecutive rounds (sync) or ticks (async) with nothing sent, delivered or marked, and
   * every live device waiting, end the run as quiescent. Default 50; an algorithm whose devices count
   * silent rounds (timeouts) needs more than its longest timeout; when that grows with the device
   * count or an option, give a function of both.
   */
  readonly quietRounds?: number | ((options: Readonly<Record<string, unknown>>, devices: number) => number);
  readonly create: DeviceFactory;
  /** Absent for a user's file that brings no checker: the run says that nothing was checked. */
  readonly check?: Checker;
  /**
   * One short line for a device's result in the CLI's human report, for systems whose results are
   * large (a chain, a word count); absent: the result's JSON. `--json` always has the whole result.
   */
  readonly describeResult?: (result: unknown) => string;
}
