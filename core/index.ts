/** Public exports of the core: a flat list; every engineer adds their own lines. */
export * from './types.js';
export type { ReadContext, ReadOutcome, Origin } from './context.js';
export { parseFile, MAX_FILE_BYTES, pemTextOf, parsePemPart, joinPemErrors } from './parse.js';
export type { PemChunkOutcome } from './parse.js';
export { setDigestProvider } from './hash.js';
export type { DigestProvider } from './hash.js';
export { splitPem, hasPemArmour, pemParts } from './pem.js';
export type { PemBlock, PemSplit, PemPart } from './pem.js';
export { asn1Tree } from './asn1tree.js';
export { readName, readAsn1String, escapeDnValue, nameLabel } from './names.js';
export { oidName, oidLabel } from './oid-names.js';
export { readX509Der, readX509Pem, readSpki, readAlgorithm, decodeExtension, readExtensions } from './x509/index.js';
export * from './generate/index.js';
export { matchPair, findPairs, unpairedKeys } from './pairs.js';
export { verifyChain, buildChains } from './chain/index.js';
export { bundleHealth } from './bundle.js';
export { lintItem } from './lint.js';
export type * from './relations.js';
