import { writeFile } from 'node:fs/promises';
import type { SynchronizerEvent, SynchronizerReport } from '../orchestrator/index.js';

/** `fnsync run --timeline FILE.svg`: the run's functions over time. */
export async function writeTimeline(path: string, events: readonly SynchronizerEvent[], report: SynchronizerReport): Promise<void> {
  // Loaded here: the UI (its web server, the node dashboard) is no part of a run without --timeline.
  const { timelineSvg } = await import('../ui/index.js');
  const title = `fnsync run ${report.runId}: ${report.slaves} slaves on ${report.runtime}, seed ${report.seed}`;
  await writeFile(path, timelineSvg(events, title));
}
