/** The master function of the synchronizer. */
export { masterHandler } from './master-handler.js';
export { MasterState, type MasterEffects } from './master-state.js';
