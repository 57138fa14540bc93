/**
 * X.509 certificate (RFC 5280 §4.1):
 *   Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, serialNumber, signature AlgorithmIdentifier,
 *     issuer Name, validity Validity, subject Name, subjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
 *     subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT Extensions OPTIONAL }
 */
import { toHex } from '../bytes.js';
import type { Origin } from '../context.js';
import { DerError, children, expectTag, readBitString, readSmallInt, readTime, TAG, value, type Tlv } from '../der.js';
import { sha1Hex } from '../hash.js';
import { nameLabel, readName } from '../names.js';
import type { CertificateItem, ExtensionInfo, Problem } from '../types.js';
import { readAlgorithm } from './algorithm.js';
import { publicItemFields, serialHex } from './common.js';
import { readExtensions } from './extensions/index.js';
import { readSpki } from './spki.js';

const isTime = (t: Tlv | undefined) => !!t && (t.tag === TAG.UTCTime || t.tag === TAG.GeneralizedTime);

/** Structural sniff: does this outer SEQUENCE look like a certificate? */
export function looksLikeCertificate(tbsFields: Tlv[]): boolean {
  const [a, b, c, d, e] = tbsFields;
  if (a?.tag === 0xa0) return true;
  // v1 certificate: serial, signature, issuer, validity (two times), subject.
  if (a?.tag !== TAG.INTEGER || b?.tag !== TAG.SEQUENCE || c?.tag !== TAG.SEQUENCE || d?.tag !== TAG.SEQUENCE || e?.tag !== TAG.SEQUENCE) return false;
  const validity = children(d);
  return validity.length === 2 && isTime(validity[0]) && isTime(validity[1]);
}

/** Throws DerError when the certificate is damaged. `root` must lie in bytes holding just this DER. */
export function readCertificate(root: Tlv, origin: Origin, warnings: Problem[]): CertificateItem {
  expectTag(root, TAG.SEQUENCE, 'a Certificate SEQUENCE');
  const [tbs, sigAlg, sigValue] = children(root);
  if (!tbs || !sigAlg || !sigValue) throw new DerError('a Certificate needs tbsCertificate, signatureAlgorithm and signatureValue', root.start);
  expectTag(tbs, TAG.SEQUENCE, 'a TBSCertificate SEQUENCE');
  const fields = children(tbs);
  let i = 0;
  let version = 1;
  if (fields[0]?.tag === 0xa0) {
    const [v] = children(fields[0]);
    if (!v) throw new DerError('empty version field', fields[0].start);
    version = readSmallInt(v) + 1;
    i = 1;
  }
  const need = (what: string): Tlv => {
    const f = fields[i++];
    if (!f) throw new DerError(`the certificate is missing its ${what}`, tbs.end);
    return f;
  };
  const serial = serialHex(value(expectTag(need('serial number'), TAG.INTEGER, 'the serial number INTEGER')));
  const innerAlg = readAlgorithm(need('signature algorithm'));
  const issuer = readName(need('issuer'), warnings);
  const [nb, na] = children(expectTag(need('validity'), TAG.SEQUENCE, 'a Validity SEQUENCE'));
  if (!nb || !na) throw new DerError('Validity needs notBefore and notAfter', tbs.start);
  const subject = readName(need('subject'), warnings);
  const publicKey = readSpki(need('subject public key'));
  let extensions: ExtensionInfo[] = [];
  for (; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.tag === 0xa3) {
      const [list] = children(f);
      if (list) extensions = readExtensions(expectTag(list, TAG.SEQUENCE, 'Extensions'));
    }
  }
  const signatureAlgorithm = readAlgorithm(sigAlg);
  if (innerAlg.oid !== signatureAlgorithm.oid) {
    warnings.push({ code: 'der_invalid', message: 'The signature algorithm inside the certificate differs from the one outside it.', detail: `${innerAlg.name} vs ${signatureAlgorithm.name}` });
  }
  const base = publicItemFields(root, origin, nameLabel(subject), warnings);
  const item: CertificateItem = {
    kind: 'certificate',
    ...base,
    version,
    serial,
    subject,
    issuer,
    notBefore: readTime(nb),
    notAfter: readTime(na),
    signatureAlgorithm,
    signatureHex: toHex(readBitString(sigValue).bytes),
    // A view into `der`: one buffer per certificate instead of two.
    tbs: base.der.subarray(tbs.start - root.start, tbs.end - root.start),
    publicKey,
    extensions,
    sha1: sha1Hex(base.der),
    selfIssued: subject.derHex === issuer.derHex,
  };
  return item;
}
