/**
 * PKCS#10 certification request (RFC 2986 §4):
 *   CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING }
 *   CertificationRequestInfo ::= SEQUENCE { version INTEGER, subject Name, subjectPKInfo, attributes [0] IMPLICIT SET OF Attribute }
 *   Attribute ::= SEQUENCE { type OBJECT IDENTIFIER, values SET OF ANY }
 */
import { toHex } from '../bytes.js';
import type { Origin } from '../context.js';
import { DerError, children, encoded, expectTag, readBitString, readOid, readSmallInt, TAG, type Tlv } from '../der.js';
import { nameLabel, readName } from '../names.js';
import { oidLabel } from '../oid-names.js';
import type { CsrItem, ExtensionInfo, Problem } from '../types.js';
import { readAlgorithm } from './algorithm.js';
import { publicItemFields } from './common.js';
import { readExtensions } from './extensions/index.js';
import { readSpki } from './spki.js';

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const CHALLENGE_PASSWORD = '1.2.840.113549.1.9.7';

export function looksLikeCsr(info: Tlv[]): boolean {
  const [v, name, spki, attrs] = info;
  return v?.tag === TAG.INTEGER && name?.tag === TAG.SEQUENCE && spki?.tag === TAG.SEQUENCE && (attrs === undefined || attrs.tag === 0xa0) && info.length <= 4;
}

export function readCsr(root: Tlv, origin: Origin, warnings: Problem[]): CsrItem {
  const [info, sigAlg, sig] = children(expectTag(root, TAG.SEQUENCE, 'a CertificationRequest SEQUENCE'));
  if (!info || !sigAlg || !sig) throw new DerError('a certificate request needs its info, algorithm and signature', root.start);
  const [v, nameTlv, spkiTlv, attrs] = children(expectTag(info, TAG.SEQUENCE, 'a CertificationRequestInfo'));
  if (!v || !nameTlv || !spkiTlv) throw new DerError('CertificationRequestInfo is incomplete', info.start);
  if (!attrs) warnings.push({ code: 'der_invalid', message: 'The request has no attributes field ([0] is required, even if empty).' });
  const subject = readName(nameTlv, warnings);
  let extensions: ExtensionInfo[] = [];
  let challengePassword = false;
  const attributes: string[] = [];
  for (const a of attrs ? children(attrs) : []) {
    const [typeTlv, values] = children(expectTag(a, TAG.SEQUENCE, 'an Attribute'));
    if (!typeTlv) throw new DerError('Attribute without a type', a.start);
    const oid = readOid(typeTlv);
    if (oid === EXTENSION_REQUEST) {
      const [list] = values ? children(values) : [];
      if (list) extensions = readExtensions(expectTag(list, TAG.SEQUENCE, 'Extensions'));
    } else if (oid === CHALLENGE_PASSWORD) challengePassword = true;
    else attributes.push(oidLabel(oid));
  }
  const base = publicItemFields(root, origin, nameLabel(subject), warnings);
  const item: CsrItem = {
    kind: 'certificate-request',
    ...base,
    version: readSmallInt(v) + 1,
    subject,
    publicKey: readSpki(spkiTlv),
    signatureAlgorithm: readAlgorithm(sigAlg),
    signatureHex: toHex(readBitString(sig).bytes),
    tbs: encoded(info).slice(),
    extensions,
    challengePassword,
    attributes,
  };
  return item;
}
