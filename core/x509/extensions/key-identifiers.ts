/** Key identifiers: subjectKeyIdentifier (RFC 5280 §4.2.1.2) and authorityKeyIdentifier (§4.2.1.1). */
import { toHex } from '../../bytes.js';
import { children, DerError, expectTag, TAG, value } from '../../der.js';
import type { ExtensionData, GeneralName } from '../../types.js';
import { generalNameLine, readGeneralNames } from './general-names.js';
import { root, type Decoded } from './util.js';

const colon = (hex: string) => hex.toUpperCase().replace(/(..)(?=.)/g, '$1:');

/** SubjectKeyIdentifier ::= KeyIdentifier ::= OCTET STRING */
export function subjectKeyIdentifier(v: Uint8Array): Decoded {
  const keyIdHex = toHex(value(expectTag(root(v), TAG.OCTET_STRING, 'KeyIdentifier')));
  return { lines: [colon(keyIdHex)], data: { type: 'subjectKeyIdentifier', keyIdHex } };
}

/**
 * AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier OPTIONAL,
 *   authorityCertIssuer [1] GeneralNames OPTIONAL, authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL }
 */
export function authorityKeyIdentifier(v: Uint8Array): Decoded {
  const data: Extract<ExtensionData, { type: 'authorityKeyIdentifier' }> = { type: 'authorityKeyIdentifier' };
  const lines: string[] = [];
  const notes: string[] = [];
  for (const f of children(expectTag(root(v), TAG.SEQUENCE, 'AuthorityKeyIdentifier'))) {
    if (f.tag === 0x80) {
      data.keyIdHex = toHex(value(f));
      lines.push(`keyid:${colon(data.keyIdHex)}`);
    } else if (f.tag === 0xa1) {
      const issuer: GeneralName[] = readGeneralNames(f, notes);
      data.issuer = issuer;
      for (const n of issuer) lines.push(generalNameLine(n));
    } else if (f.tag === 0x82) {
      data.serialHex = toHex(value(f));
      lines.push(`serial:${colon(data.serialHex)}`);
    } else throw new DerError('unexpected field in AuthorityKeyIdentifier', f.start);
  }
  return { lines, data, notes };
}
