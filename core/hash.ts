/**
 * Synchronous digests. @noble/hashes rather than WebCrypto because fingerprints are needed
 * on the list path for thousands of items, where an await per item costs more than the hash.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { toHex } from './bytes.js';

export function sha256Hex(bytes: Uint8Array): string {
  return toHex(sha256(bytes));
}

export function sha1Hex(bytes: Uint8Array): string {
  return toHex(sha1(bytes));
}
