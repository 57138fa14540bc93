/** extendedKeyUsage (RFC 5280 §4.2.1.12): ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId */
import { children, expectTag, readOid, TAG } from '../../der.js';
import { EKU_NAMES } from '../../oid-names.js';
import { root, type Decoded } from './util.js';

export function extKeyUsage(v: Uint8Array): Decoded {
  const oids = children(expectTag(root(v), TAG.SEQUENCE, 'ExtKeyUsageSyntax')).map(readOid);
  const notes = oids.length === 0 ? ['an empty ExtKeyUsageSyntax (SIZE 1..MAX)'] : [];
  return { lines: oids.map((o) => EKU_NAMES[o] ?? o), data: { type: 'extKeyUsage', oids }, notes };
}
