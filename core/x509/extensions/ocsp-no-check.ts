/** OCSP no-check (1.3.6.1.5.5.7.48.1.5, RFC 6960 §4.2.2.2.1): id-pkix-ocsp-nocheck ::= NULL */
import { DerError, TAG } from '../../der.js';
import { root, type Decoded } from './util.js';

export function ocspNoCheck(v: Uint8Array): Decoded {
  const t = root(v);
  if (t.tag !== TAG.NULL || t.end !== t.valueStart) throw new DerError('OCSP no-check must be NULL', t.start);
  return { lines: ['clients do not check this OCSP responder certificate for revocation'] };
}
