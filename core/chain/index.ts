/** The chain engine's public surface. */
export { verifyChain, buildChains, type BuildOptions } from './build.js';
export { nameKey, sameName, prepareString } from './dn.js';
export { verifySignature } from './signature.js';
export { dnsMatches, parseIp } from './names.js';
export { decodeCertificate, decodeCrl } from './decode.js';
