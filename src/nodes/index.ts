/**
 * Long-lived nodes (seeds 004 and 002): a cluster on the broker, remote functions, the token lock
 * and failure detection. It depends on common/ and transport/ only.
 */
export { Node, type NodeOptions } from './node.js';
export { NodeState, type NodeEvents, type NodeInfo } from './membership.js';
export type { ResourceSample } from './resources.js';
export type { CallCompleted, CallContext, CallOptions, DispatchOptions, RegisterOptions, RemoteFunction } from './remote-functions.js';
export type { LockOptions } from './token-lock.js';
export type { FailureDetectionOptions } from './failure-detector.js';
export { DEFAULT_ECHO_PERIOD_MS, DEFAULT_ECHO_TIMEOUT_MS } from './failure-detector.js';
export { LockLostError, RemoteCallError, type CallFailure } from './errors.js';
export { ClusterNames } from './names.js';
export { DistributedArray, DistributedVariable } from './distributed-variable.js';
export type { Access, VariableInfo } from './variables.js';
export type { VariableKind } from './messages.js';
export { checkCoherence, type CoherenceReport } from './coherence-check.js';
export { renderMandelbrotDistributed, renderMandelbrotPng, serveMandelbrot } from './mandelbrot.js';
export { runSocketsLabClient, serveSocketsLab, type LabTransfer } from './sockets-lab.js';
export type { SharedFile } from './membership.js';
export { BOARD_HEIGHT, BOARD_WIDTH, STROKE_POINTS, StrokeDrawing, type Stroke } from './messages.js';
export { MAX_STROKES } from './whiteboard.js';
