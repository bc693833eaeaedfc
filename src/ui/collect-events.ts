import type { StepView } from '../emulator/index.js';
import type { RunEvent } from './run-model.js';

/** A run's events gathered from its views, for a diagram written after the run (no page). */
export function collectEvents(): { readonly events: RunEvent[]; onView(view: StepView): void } {
  const events: RunEvent[] = [];
  return {
    events,
    onView: (view) => {
      for (const line of view.lines) events.push(JSON.parse(line) as RunEvent);
    },
  };
}
