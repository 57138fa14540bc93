/**
 * PKCS#7 / CMS certificate bundles (RFC 5652 §3, §5.1):
 *   ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY }
 *   SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo, certificates [0] IMPLICIT
 *     CertificateSet OPTIONAL, crls [1] IMPLICIT RevocationInfoChoices OPTIONAL, signerInfos SET }
 * Only the certificates and CRLs are expanded into items; signatures are not checked here.
 */
import type { Origin, ReadOutcome } from '../context.js';
import { children, DerError, readOid, TAG, type Tlv } from '../der.js';
import { CMS_NAMES } from '../oid-names.js';
import { OID } from '../oids.js';
import type { Problem } from '../types.js';
import { readCertificate } from './certificate.js';
import { readCrl } from './crl.js';

export function looksLikePkcs7(fields: Tlv[]): boolean {
  const [type, content] = fields;
  if (type?.tag !== TAG.OID || (content !== undefined && content.tag !== 0xa0)) return false;
  return readOid(type).startsWith('1.2.840.113549.1.7.');
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function readPkcs7(root: Tlv, origin: Origin, warnings: Problem[]): ReadOutcome {
  const out: ReadOutcome = { items: [], errors: [] };
  const [typeTlv, wrapper] = children(root);
  if (!typeTlv) throw new DerError('ContentInfo without a content type', root.start);
  const type = readOid(typeTlv);
  if (type !== OID.signedData) {
    out.errors.push({ code: 'unknown_format', message: `This is a PKCS#7 ${CMS_NAMES[type] ?? type} message, not a certificate bundle; only signedData bundles are read.` });
    return out;
  }
  const [signedData] = wrapper ? children(wrapper) : [];
  if (!signedData) throw new DerError('signedData without content', root.start);
  const inner: Origin = { ...origin, container: 'pkcs7' };
  for (const f of children(signedData)) {
    if (f.tag !== 0xa0 && f.tag !== 0xa1) continue;
    const isCerts = f.tag === 0xa0;
    for (const c of children(f)) {
      if (c.tag !== TAG.SEQUENCE) {
        out.errors.push({ code: 'unknown_format', message: `The bundle holds a ${isCerts ? 'certificate' : 'revocation'} entry of a kind other than X.509 (tag [${c.tagNumber}]); it was skipped.` });
        continue;
      }
      try {
        out.items.push(isCerts ? readCertificate(c, inner, [...warnings]) : readCrl(c, inner, [...warnings]));
      } catch (e) {
        out.errors.push({ code: 'der_invalid', message: `A ${isCerts ? 'certificate' : 'CRL'} inside the PKCS#7 bundle is damaged and was skipped.`, detail: message(e) });
      }
    }
  }
  return out;
}
