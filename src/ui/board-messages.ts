import type { RunEvent } from './run-model.js';

/**
 * What the server streams to the page (server-sent events, one JSON object each). Types only:
 * the page and the server share them.
 */
export interface RunMeta {
  readonly title: string;
  readonly devices: number;
  /** A saved trace, or a run that ended: nothing to command. */
  readonly readOnly: boolean;
}

export interface Queued {
  readonly src: number;
  readonly dst: number;
  readonly type: string;
  readonly json: string;
}

/** How a run ended, as `--json` has it. */
export interface Ending {
  readonly ok: boolean;
  readonly details: string;
  readonly rounds?: number;
  readonly total?: number;
  readonly perType?: Readonly<Record<string, number>>;
}

export interface LiveState {
  readonly flow: 'sync' | 'async';
  readonly round: number;
  /** The stepper waits for commands. */
  readonly stepping: boolean;
  readonly ended: boolean;
  readonly inFlight: readonly Queued[];
  readonly ending: Ending | null;
}

export type BoardMessage =
  | {
      readonly type: 'reset';
      readonly meta: RunMeta;
      readonly events: readonly RunEvent[];
      readonly live: LiveState;
      readonly log: readonly string[];
    }
  | { readonly type: 'update'; readonly events: readonly RunEvent[]; readonly live: LiveState }
  | { readonly type: 'log'; readonly line: string };
