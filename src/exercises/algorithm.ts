import type { z } from 'zod';
import type { DeviceFactory } from './device.js';
import type { Message } from './message.js';

/** One line of a run's trace, as checkers read it (`msg` parsed). */
export interface TraceEvent {
  readonly seq: number;
  readonly kind: 'send' | 'deliver' | 'drop' | 'duplicate' | 'round' | 'crash';
  readonly src: number | null;
  readonly dst: number | null;
  readonly type: string | null;
  readonly msg: Message | null;
  readonly round?: number;
}

export interface CheckResult {
  readonly passed: boolean;
  readonly details: string;
}

/** A checker reads what the devices returned and what the network saw; it trusts neither alone. */
export type Checker = (results: readonly unknown[], trace: readonly TraceEvent[]) => CheckResult;

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
  readonly create: DeviceFactory;
  readonly check: Checker;
}
