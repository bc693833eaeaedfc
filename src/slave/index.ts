/** The slave function of the synchronizer. */
export { slaveHandler } from './slave-handler.js';
export { SlaveState, type SlaveEffects } from './slave-state.js';
