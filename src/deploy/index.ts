/** `fnsync deploy`: bundling functions for a FaaS platform and creating or updating them there. */
export { deployFunctions, type DeployOptions, type DeployedFunction } from './deploy.js';
export { BUNDLE_FILE, LAMBDA_HANDLER, LAMBDA_NODE_RUNTIME, bundleFunction } from './bundle.js';
export { publishFunction, type FunctionSettings } from './publish-function.js';
export { createZip, crc32, type ZipEntry } from './zip.js';
