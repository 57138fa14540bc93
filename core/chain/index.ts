/** The chain engine's public surface. */
export { verifyChain, buildChains } from './build.js';
export { verifySignature } from './signature.js';
export { dnsMatches, parseIp } from './names.js';
export { decodeCertificate, decodeCrl } from './decode.js';
