/**
 * Strict DER → CertificateItem / CrlItem for the chain engine's own inputs (`verifyChain`
 * receives DER). Deliberately strict: anything a careful verifier would refuse (trailing data,
 * mismatched inner/outer signature algorithms, duplicate extensions, a UTCTime-era date written as
 * GeneralizedTime) is recorded in `warnings`, which the validator turns into `malformed` issues.
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature,
 *     issuer, validity, subject, subjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
 *     subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT OPTIONAL }
 */
import { equalBytes, toHex } from '../bytes.js';
import { DerError, TAG, children, ctx, encoded, expectTag, readBitString, readIntegerHex, readRoot, readSmallInt, readTime, type Tlv } from '../der.js';
import { sha1Hex, sha256Hex } from '../hash.js';
import { nameLabel, readName } from '../names.js';
import type { CertificateItem, CrlItem, Problem, RevokedEntry } from '../types.js';
import { readAlgorithm } from '../x509/algorithm.js';
import { readSpki } from '../x509/spki.js';
import { readExtensions } from './extensions.js';

function strict(message: string): Problem {
  return { code: 'der_invalid', message };
}

/** UTCTime is mandatory for years 1950–2049 (RFC 5280 §4.1.2.5). */
function checkTimeTag(t: Tlv, iso: string, warnings: Problem[]): void {
  const year = Number(iso.slice(0, 4));
  if (t.tag === TAG.GeneralizedTime && year < 2050) warnings.push(strict(`the date ${iso} is encoded as GeneralizedTime, which RFC 5280 reserves for 2050 and later`));
  if (t.tag === TAG.UTCTime && value(t).length !== 13) warnings.push(strict(`the UTCTime ${iso} lacks seconds`));
}

function value(t: Tlv): Uint8Array {
  return t.bytes.subarray(t.valueStart, t.end);
}

/** Throws DerError on structural damage. */
export function decodeCertificate(input: Uint8Array): CertificateItem {
  const der = input.slice();
  const root = readRoot(der);
  expectTag(root, TAG.SEQUENCE, 'a Certificate SEQUENCE');
  const [tbsT, sigAlgT, sigT, ...extra] = children(root);
  if (!tbsT || !sigAlgT || !sigT || extra.length) throw new DerError('a Certificate has exactly three parts', root.start);
  expectTag(tbsT, TAG.SEQUENCE, 'a TBSCertificate SEQUENCE');
  const warnings: Problem[] = [];
  const f = children(tbsT);
  let i = 0;
  let version = 1;
  if (f[0]?.tag === ctx(0, true)) {
    const [v] = children(f[0]);
    if (!v) throw new DerError('empty version', f[0].start);
    version = readSmallInt(v) + 1;
    if (version === 1) warnings.push(strict('the default version v1 is encoded explicitly, which DER forbids'));
    if (version > 3) throw new DerError(`unknown certificate version ${version}`, v.start);
    i++;
  }
  const serialT = f[i++];
  const innerAlgT = f[i++];
  const issuerT = f[i++];
  const validityT = f[i++];
  const subjectT = f[i++];
  const spkiT = f[i++];
  if (!serialT || !innerAlgT || !issuerT || !validityT || !subjectT || !spkiT) throw new DerError('TBSCertificate is missing fields', tbsT.start);
  const serial = readIntegerHex(serialT);
  if (!equalBytes(encoded(innerAlgT), encoded(sigAlgT))) warnings.push(strict('the signature algorithm inside the certificate differs from the one outside it'));
  const [nb, na] = children(expectTag(validityT, TAG.SEQUENCE, 'a Validity SEQUENCE'));
  if (!nb || !na) throw new DerError('Validity needs two times', validityT.start);
  const notBefore = readTime(nb);
  const notAfter = readTime(na);
  checkTimeTag(nb, notBefore, warnings);
  checkTimeTag(na, notAfter, warnings);
  let extensions: CertificateItem['extensions'] = [];
  for (const t of f.slice(i)) {
    if (t.tag === ctx(1, false) || t.tag === ctx(2, false)) {
      if (version < 2) warnings.push(strict('unique identifiers require version 2 or 3'));
    } else if (t.tag === ctx(3, true)) {
      if (version !== 3) warnings.push(strict('extensions require version 3'));
      const [seq] = children(t);
      if (!seq) throw new DerError('empty extensions', t.start);
      extensions = readExtensions(seq, warnings);
    } else throw new DerError('unexpected field in TBSCertificate', t.start);
  }
  const subject = readName(subjectT);
  const issuer = readName(issuerT);
  const sig = readBitString(sigT);
  return {
    kind: 'certificate',
    source: { index: 0 },
    sensitivity: 'public',
    encrypted: false,
    format: 'der',
    encoding: 'der',
    label: nameLabel(subject),
    sha256: sha256Hex(der),
    sha1: sha1Hex(der),
    der,
    findings: [],
    warnings,
    version,
    serial,
    subject,
    issuer,
    notBefore,
    notAfter,
    signatureAlgorithm: readAlgorithm(sigAlgT),
    signatureHex: toHex(sig.bytes),
    tbs: encoded(tbsT).slice(),
    publicKey: readSpki(spkiT),
    extensions,
    selfIssued: subject.derHex === issuer.derHex,
  };
}

/**
 *   CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }
 *   TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature, issuer, thisUpdate,
 *     nextUpdate Time OPTIONAL, revokedCertificates SEQUENCE OF SEQUENCE {
 *     userCertificate, revocationDate, crlEntryExtensions OPTIONAL } OPTIONAL,
 *     crlExtensions [0] EXPLICIT OPTIONAL }
 */
export function decodeCrl(input: Uint8Array): CrlItem {
  const der = input.slice();
  const root = readRoot(der);
  expectTag(root, TAG.SEQUENCE, 'a CertificateList SEQUENCE');
  const [tbsT, sigAlgT, sigT] = children(root);
  if (!tbsT || !sigAlgT || !sigT) throw new DerError('a CRL has three parts', root.start);
  const warnings: Problem[] = [];
  const f = children(expectTag(tbsT, TAG.SEQUENCE, 'a TBSCertList'));
  let i = 0;
  let version = 1;
  if (f[0]?.tag === TAG.INTEGER) version = readSmallInt(f[i++]!) + 1;
  // Only v1 (absent) and v2 (INTEGER 1) CRLs exist (RFC 5280 §5.1.2.1).
  if (version > 2 || (f[0]?.tag === TAG.INTEGER && version === 1)) throw new DerError(`CRL version ${version} does not exist`, tbsT.start);
  const innerAlgT = f[i++];
  const issuerT = f[i++];
  const thisT = f[i++];
  if (!innerAlgT || !issuerT || !thisT) throw new DerError('TBSCertList is missing fields', tbsT.start);
  if (!equalBytes(encoded(innerAlgT), encoded(sigAlgT))) warnings.push(strict('the CRL signature algorithm inside differs from the one outside'));
  const thisUpdate = readTime(thisT);
  let nextUpdate: string | undefined;
  let nextT: Tlv | undefined;
  if (f[i] && (f[i]!.tag === TAG.UTCTime || f[i]!.tag === TAG.GeneralizedTime)) nextUpdate = readTime((nextT = f[i++]!));
  // A CRL whose dates break RFC 5280 §5.1.2.4–5 is not a CRL a verifier may rely on, so it is
  // refused as unreadable (the caller then ignores it) rather than read with a warning.
  const timeWarnings: Problem[] = [];
  checkTimeTag(thisT, thisUpdate, timeWarnings);
  if (nextT && nextUpdate) checkTimeTag(nextT, nextUpdate, timeWarnings);
  if (timeWarnings[0]) throw new DerError(`CRL ${timeWarnings[0].message}`, thisT.start);
  if (!nextUpdate) throw new DerError('the CRL has no nextUpdate, which RFC 5280 §5.1.2.5 requires', thisT.start);
  const revoked: RevokedEntry[] = [];
  if (f[i]?.tag === TAG.SEQUENCE) {
    for (const e of children(f[i++]!)) {
      const [s, d, exts] = children(e);
      if (!s || !d) throw new DerError('revoked entry needs a serial and a date', e.start);
      const entry: RevokedEntry = { serial: readIntegerHex(s), date: readTime(d) };
      if (exts) {
        for (const x of readExtensions(exts, warnings)) {
          if (x.oid === '2.5.29.21' && x.lines[0]) entry.reason = x.lines[0];
          else if (x.critical) warnings.push(strict(`revoked entry has an unknown critical extension ${x.oid}`));
        }
      }
      revoked.push(entry);
    }
  }
  let extensions: CrlItem['extensions'] = [];
  if (f[i]?.tag === ctx(0, true)) {
    const [seq] = children(f[i++]!);
    if (seq) extensions = readExtensions(seq, warnings);
  }
  const crlNumber = extensions.find((x) => x.oid === '2.5.29.20')?.lines[0];
  const issuer = readName(issuerT);
  return {
    kind: 'crl',
    source: { index: 0 },
    sensitivity: 'public',
    encrypted: false,
    format: 'der',
    encoding: 'der',
    label: nameLabel(issuer),
    sha256: sha256Hex(der),
    der,
    findings: [],
    warnings,
    version,
    issuer,
    thisUpdate,
    ...(nextUpdate ? { nextUpdate } : {}),
    ...(crlNumber ? { crlNumber } : {}),
    signatureAlgorithm: readAlgorithm(sigAlgT),
    signatureHex: toHex(readBitString(sigT).bytes),
    tbs: encoded(tbsT).slice(),
    revoked,
    extensions,
  };
}
