import { writeFile } from 'node:fs/promises';
import type { SynchronizerEvent, SynchronizerReport } from '../orchestrator/index.js';
import { timelineSvg } from '../ui/index.js';

/** `fnsync run --timeline FILE.svg`: the run's functions over time. */
export async function writeTimeline(path: string, events: readonly SynchronizerEvent[], report: SynchronizerReport): Promise<void> {
  const title = `fnsync run ${report.runId}: ${report.slaves} slaves on ${report.runtime}, seed ${report.seed}`;
  await writeFile(path, timelineSvg(events, title));
}
