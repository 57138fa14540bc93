/** TLS Feature (RFC 7633 §6, "OCSP Must-Staple"): Features ::= SEQUENCE OF INTEGER (TLS extension numbers) */
import { children, expectTag, readSmallInt, TAG } from '../../der.js';
import { root, type Decoded } from './util.js';

const TLS_EXTENSIONS: Record<number, string> = { 5: 'status_request', 17: 'status_request_v2' };

export function tlsFeature(v: Uint8Array): Decoded {
  const lines = children(expectTag(root(v), TAG.SEQUENCE, 'Features')).map((t) => {
    const n = readSmallInt(t);
    return TLS_EXTENSIONS[n] ?? `TLS extension ${n}`;
  });
  return { lines };
}
