/** `fnsync deploy`: bundling functions for a FaaS platform and creating or updating them there. */
export { deployFunctions, type DeployOptions } from './deploy.js';
export { deleteFunctions } from './delete-functions.js';
export { BUNDLE_FILE, bundleFunction } from './bundle.js';
export { createZip } from './zip.js';
