import { Flow } from './modes.js';
import type { Network } from './network.js';
import type { TraceRecorder } from './trace.js';

/**
 * What a watcher of a run (the web stepper, a diagram) needs to follow it: the trace lines
 * recorded since the previous view, and the wire as it is now. Plain data: it crosses threads.
 */
export interface StepView {
  /** Trace lines (`TraceRecorder.lines()` format) recorded since the previous view. */
  readonly lines: readonly string[];
  /** Stepping's queue, in the order the next steps take it. */
  readonly inFlight: readonly { readonly src: number; readonly dst: number; readonly type: string; readonly json: string }[];
  readonly flow: Flow;
  readonly round: number;
  /** Whether the stepper still waits for commands. */
  readonly stepping: boolean;
  /** The run is over: this is the last view. */
  readonly ended: boolean;
}

/** A view sender: each call hands on what happened since the previous one. */
export function viewFeed(
  network: Network,
  trace: TraceRecorder,
  onView: (view: StepView) => void,
): (stepping: boolean, ended: boolean) => void {
  let seen = 0;
  return (stepping, ended) => {
    const lines = trace.linesFrom(seen);
    seen += lines.length;
    onView({
      lines,
      inFlight: network.inFlight.map(({ src, dst, type, json }) => ({ src, dst, type, json })),
      flow: network.flow === Flow.Sync ? Flow.Sync : Flow.Async,
      round: network.round,
      stepping,
      ended,
    });
  };
}
