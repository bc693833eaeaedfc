import { writeFile } from 'node:fs/promises';
import { lamportSvg } from './lamport-svg.js';
import type { RunEvent } from './run-model.js';
import { devicesIn } from './trace-file.js';

/** Writes a run's Lamport diagram (`--diagram FILE.svg`). */
export async function writeDiagram(path: string, events: readonly RunEvent[], title: string, devices = devicesIn(events)): Promise<void> {
  await writeFile(path, lamportSvg(events, devices, { title }));
}
