/** The exercise engine's algorithms: the device API, the catalogue, users' own files. */
export { Device, fromClass, type DeviceClass, type DeviceFactory, type DeviceOptions, type Medium } from './device.js';
export { BaseMessage, messageIds, type Message } from './message.js';
export type { Algorithm, CheckContext, Checker, CheckResult, OptionsSchema, TraceEvent } from './algorithm.js';
export { describeOptions, devicesOption, enumOption, intOption, noOptions, parseAlgorithmOptions } from './options.js';
export { algorithms, findAlgorithm, hasAlgorithm, lectures } from './registry.js';
export { bundleAlgorithmFile, importAlgorithm, type BundledAlgorithm } from './load-algorithm-file.js';
export { PingPong, PingPongMessage, checkPingPong } from './lecture0/ping-pong.js';
export { GossipDevice, GossipMessage } from './lecture1/gossip-device.js';
export { Gossip } from './lecture1/gossip.js';
export { GossipRing, ringNeighbours } from './lecture1/gossip-ring.js';
export { ImprovedGossip, treeChildren, treeParent } from './lecture1/improved-gossip.js';
export { checkGossip, callOptimum, oneWayOptimum } from './lecture1/gossip-check.js';
export { deviceNetwork, type DeviceChooser } from './systems/device-network.js';
export { LoopDevice, type Body } from './systems/loop-device.js';
export { GfsNetwork } from './lecture8/gfs.js';
export { GfsMaster } from './lecture8/gfs-master.js';
export { GfsChunkserver } from './lecture8/gfs-chunkserver.js';
export { GfsClient } from './lecture8/gfs-client.js';
