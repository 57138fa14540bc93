/**
 * Signed Certificate Timestamp list (RFC 6962 §3.3), OID 1.3.6.1.4.1.11129.2.4.2: an OCTET STRING
 * holding a TLS-encoded `SignedCertificateTimestampList` (opaque<1..2^16-1> of opaque SCTs).
 *   struct { Version sct_version; LogID id[32]; uint64 timestamp; CtExtensions extensions<0..2^16-1>;
 *            digitally-signed struct { ... } } SignedCertificateTimestamp;
 */
import { toHex } from '../../bytes.js';
import { DerError, expectTag, TAG, value } from '../../der.js';
import { root, type Decoded } from './util.js';

const HASH: Record<number, string> = { 1: 'MD5', 2: 'SHA1', 3: 'SHA224', 4: 'SHA256', 5: 'SHA384', 6: 'SHA512' };
const SIG: Record<number, string> = { 1: 'rsa', 2: 'dsa', 3: 'ecdsa' };

function u16(b: Uint8Array, p: number): number {
  if (p + 2 > b.length) throw new DerError('SCT list is truncated', p);
  return (b[p]! << 8) | b[p + 1]!;
}

export function sctList(v: Uint8Array): Decoded {
  const b = value(expectTag(root(v), TAG.OCTET_STRING, 'an OCTET STRING'));
  const total = u16(b, 0);
  if (total + 2 !== b.length) throw new DerError('SCT list length does not match its content', 0);
  const lines: string[] = [];
  for (let p = 2; p < b.length; ) {
    const len = u16(b, p);
    const s = p + 2;
    if (s + len > b.length || len < 1 + 32 + 8 + 2) throw new DerError('SCT entry is truncated', p);
    const version = b[s]!;
    const logId = toHex(b.subarray(s + 1, s + 33));
    let ms = 0;
    for (let i = 0; i < 8; i++) ms = ms * 256 + b[s + 33 + i]!;
    const time = new Date(ms).toISOString().replace('.000Z', 'Z');
    // After the extensions: the signature's hash and algorithm (RFC 5246 §7.4.1.4.1 codes).
    const extLen = u16(b, s + 41);
    const at = s + 43 + extLen;
    const alg = at + 2 <= s + len ? ` ${SIG[b[at + 1]!] ?? `sig${b[at + 1]}`}-with-${HASH[b[at]!] ?? `hash${b[at]}`}` : '';
    lines.push(`SCT v${version + 1}: log ${logId.toUpperCase().replace(/(..)(?=.)/g, '$1:')}, timestamp ${time},${alg || ' (no signature)'}`);
    p = s + len;
  }
  return { lines };
}
