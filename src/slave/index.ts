/** The slave function of the synchronizer. */
export { slaveHandler } from './slave-handler.js';
export { SlaveState } from './slave-state.js';
