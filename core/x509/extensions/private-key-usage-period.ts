/**
 * privateKeyUsagePeriod (2.5.29.16, X.509 §9.2.2.5; deprecated by RFC 5280 but still in roots):
 *   PrivateKeyUsagePeriod ::= SEQUENCE { notBefore [0] GeneralizedTime OPTIONAL, notAfter [1] GeneralizedTime OPTIONAL }
 */
import { children, DerError, expectTag, readTime, TAG } from '../../der.js';
import { root, type Decoded } from './util.js';

export function privateKeyUsagePeriod(v: Uint8Array): Decoded {
  const lines: string[] = [];
  for (const f of children(expectTag(root(v), TAG.SEQUENCE, 'PrivateKeyUsagePeriod'))) {
    if (f.tag !== 0x80 && f.tag !== 0x81) throw new DerError('unexpected field in PrivateKeyUsagePeriod', f.start);
    lines.push(`${f.tag === 0x80 ? 'Not Before' : 'Not After'}: ${readTime({ ...f, tag: TAG.GeneralizedTime })}`);
  }
  return { lines };
}
