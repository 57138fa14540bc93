/** node:crypto's native digests for core: several times faster than the portable ones over thousands of items. */
import * as nodeCrypto from 'node:crypto';
import { setDigestProvider } from '../core/hash.js';

/** One-shot `crypto.hash` (Node 20.12+): no Hash object per digest, about a third quicker for a certificate's few hundred bytes. */
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash;

export function useNativeDigests(): void {
  setDigestProvider(
    oneShot
      ? { sha256Hex: (bytes) => oneShot('sha256', bytes, 'hex'), sha1Hex: (bytes) => oneShot('sha1', bytes, 'hex') }
      : {
          sha256Hex: (bytes) => nodeCrypto.createHash('sha256').update(bytes).digest('hex'),
          sha1Hex: (bytes) => nodeCrypto.createHash('sha1').update(bytes).digest('hex'),
        },
  );
}
