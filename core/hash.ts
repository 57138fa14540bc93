/**
 * Synchronous digests. @noble/hashes rather than WebCrypto because fingerprints are needed
 * on the list path for thousands of items, where an await per item costs more than the hash.
 * A host with a faster synchronous digest (node:crypto in the CLI) may install it with
 * `setDigestProvider`; core itself stays free of node:* imports.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { toHex } from './bytes.js';

export interface DigestProvider {
  /** Lowercase hex digest of `bytes`. */
  sha256Hex(bytes: Uint8Array): string;
  sha1Hex(bytes: Uint8Array): string;
}

const noble: DigestProvider = {
  sha256Hex: (bytes) => toHex(sha256(bytes)),
  sha1Hex: (bytes) => toHex(sha1(bytes)),
};

let provider: DigestProvider = noble;

/** Installs a faster implementation (it must give identical results); `undefined` restores the default. */
export function setDigestProvider(p: DigestProvider | undefined): void {
  provider = p ?? noble;
}

export function sha256Hex(bytes: Uint8Array): string {
  return provider.sha256Hex(bytes);
}

export function sha1Hex(bytes: Uint8Array): string {
  return provider.sha1Hex(bytes);
}
