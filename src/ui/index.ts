/** See a run: the web stepper, the trace viewer, Lamport diagrams and the synchronizer's timeline. */
export { openStepperPage, openTracePage, type RunPage } from './run-page.js';
export { writeDiagram } from './write-diagram.js';
export { readTraceFile } from './trace-file.js';
export { collectEvents } from './collect-events.js';
export type { RunEvent } from './run-model.js';
export { timelineSvg, type TimelineEvent } from './timeline-svg.js';
export { openNodeDashboard, type ConnectTarget, type NodeDashboard } from './node-dashboard.js';
