/**
 * What the chain engine adds to the one certificate reader (core/x509): DER input for `verify`,
 * and the encoding rules a verifier holds a certificate to that a viewer reads past. The rules
 * are checked from the item's own DER (`strictProblems`), so a certificate the app read from a
 * file and the same one `verify` read are judged alike.
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature,
 *     issuer, validity, subject, subjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
 *     subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT OPTIONAL }
 */
import { equalBytes, toHex } from '../bytes.js';
import { DerError, TAG, children, ctx, encoded, expectTag, readBitString, readIntegerHex, readOid, readRoot, readSmallInt, readTime, value, type Tlv } from '../der.js';
import { sha256Hex } from '../hash.js';
import { nameLabel, readName } from '../names.js';
import type { CertificateItem, CrlItem, Problem, RevokedEntry } from '../types.js';
import { readAlgorithm } from '../x509/algorithm.js';
import { readCertificate } from '../x509/certificate.js';
import { readExtensions } from '../x509/extensions/index.js';

/** UTCTime is mandatory for years 1950–2049 and always has seconds (RFC 5280 §4.1.2.5). */
function timeProblem(t: Tlv): string | undefined {
  const iso = readTime(t);
  if (t.tag === TAG.GeneralizedTime && Number(iso.slice(0, 4)) < 2050) return `the date ${iso} is encoded as GeneralizedTime, which RFC 5280 reserves for 2050 and later`;
  if (t.tag === TAG.UTCTime && value(t).length !== 13) return `the UTCTime ${iso} lacks seconds`;
  return undefined;
}

/** Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension; critical DEFAULT FALSE; each OID at most once (§4.2). */
function extensionListProblems(seq: Tlv): string[] {
  const out: string[] = [];
  const list = children(seq);
  if (list.length === 0) out.push('the extensions field is present but empty');
  const seen = new Set<string>();
  for (const e of list) {
    const [idT, critT] = children(e);
    if (!idT) continue;
    const oid = readOid(idT);
    if (critT?.tag === TAG.BOOLEAN && value(critT)[0] === 0) out.push(`extension ${oid} encodes critical FALSE explicitly, which DER forbids for a DEFAULT value`);
    if (seen.has(oid)) out.push(`extension ${oid} appears twice, which RFC 5280 §4.2 forbids`);
    seen.add(oid);
  }
  return out;
}

const cache = new WeakMap<CertificateItem, string[]>();

/** The DER and RFC 5280 encoding rules the certificate breaks (empty when none); never throws. */
export function strictProblems(c: CertificateItem): string[] {
  let hit = cache.get(c);
  if (hit) return hit;
  hit = [];
  try {
    const parts = children(readRoot(c.der));
    if (parts.length !== 3) hit.push('a Certificate has exactly three parts');
    const [tbsT, sigAlgT] = parts;
    const f = tbsT ? children(tbsT) : [];
    let i = 0;
    let version = 1;
    if (f[0]?.tag === ctx(0, true)) {
      const [v] = children(f[0]);
      version = v ? readSmallInt(v) + 1 : 0;
      if (version === 1) hit.push('the default version v1 is encoded explicitly, which DER forbids');
      if (version < 1 || version > 3) hit.push(`version ${version} certificates do not exist`);
      i++;
    }
    const innerAlgT = f[i + 1];
    const validityT = f[i + 3];
    if (innerAlgT && sigAlgT && !equalBytes(encoded(innerAlgT), encoded(sigAlgT)) && readAlgorithm(innerAlgT).oid === readAlgorithm(sigAlgT).oid) {
      hit.push('the signature algorithm parameters inside the certificate differ from those outside it');
    }
    for (const t of validityT ? children(validityT) : []) {
      const p = timeProblem(t);
      if (p) hit.push(p);
    }
    for (const t of f.slice(i + 6)) {
      if (t.tag === ctx(1, false) || t.tag === ctx(2, false)) {
        if (version < 2) hit.push('unique identifiers require version 2 or 3');
      } else if (t.tag === ctx(3, true)) {
        if (version !== 3) hit.push('extensions require version 3');
        const [seq] = children(t);
        if (seq) hit.push(...extensionListProblems(seq));
      } else hit.push('an unexpected field follows the fields of TBSCertificate');
    }
  } catch (err) {
    hit.push(err instanceof Error ? err.message : String(err));
  }
  cache.set(c, hit);
  return hit;
}

/** DER → CertificateItem through the one certificate reader. Throws DerError on structural damage. */
export function decodeCertificate(input: Uint8Array): CertificateItem {
  const der = input.slice();
  const warnings: Problem[] = [];
  const cert = readCertificate(readRoot(der), { encoding: 'der' }, warnings);
  return cert;
}

/**
 *   CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }
 *   TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature, issuer, thisUpdate,
 *     nextUpdate Time OPTIONAL, revokedCertificates SEQUENCE OF SEQUENCE {
 *     userCertificate, revocationDate, crlEntryExtensions OPTIONAL } OPTIONAL,
 *     crlExtensions [0] EXPLICIT OPTIONAL }
 *
 * Only `verify` reads CRLs for validation, so this reader is strict itself: a CRL whose dates or
 * version break RFC 5280 §5.1.2 is refused (the caller then sets it aside).
 */
export function decodeCrl(input: Uint8Array): CrlItem {
  const der = input.slice();
  const root = readRoot(der);
  expectTag(root, TAG.SEQUENCE, 'a CertificateList SEQUENCE');
  const [tbsT, sigAlgT, sigT] = children(root);
  if (!tbsT || !sigAlgT || !sigT) throw new DerError('a CRL has three parts', root.start);
  const warnings: Problem[] = [];
  const strict = (message: string) => warnings.push({ code: 'der_invalid', message });
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
  if (!equalBytes(encoded(innerAlgT), encoded(sigAlgT))) strict('the CRL signature algorithm inside differs from the one outside');
  const thisUpdate = readTime(thisT);
  let nextUpdate: string | undefined;
  let nextT: Tlv | undefined;
  if (f[i] && (f[i]!.tag === TAG.UTCTime || f[i]!.tag === TAG.GeneralizedTime)) nextUpdate = readTime((nextT = f[i++]!));
  const badTime = timeProblem(thisT) ?? (nextT ? timeProblem(nextT) : undefined);
  if (badTime) throw new DerError(`CRL ${badTime}`, thisT.start);
  if (!nextUpdate) throw new DerError('the CRL has no nextUpdate, which RFC 5280 §5.1.2.5 requires', thisT.start);
  const revoked: RevokedEntry[] = [];
  if (f[i]?.tag === TAG.SEQUENCE) {
    for (const e of children(f[i++]!)) {
      const [s, d, exts] = children(e);
      if (!s || !d) throw new DerError('revoked entry needs a serial and a date', e.start);
      const entry: RevokedEntry = { serial: readIntegerHex(s), date: readTime(d) };
      if (exts) {
        extensionListProblems(exts).forEach(strict);
        for (const x of readExtensions(expectTag(exts, TAG.SEQUENCE, 'Extensions'))) {
          if (x.oid === '2.5.29.21' && x.status === 'decoded' && x.lines[0]) entry.reason = x.lines[0];
          else if (x.critical) strict(`revoked entry has an unknown critical extension ${x.oid}`);
        }
      }
      revoked.push(entry);
    }
  }
  let extensions: CrlItem['extensions'] = [];
  if (f[i]?.tag === ctx(0, true)) {
    const [seq] = children(f[i++]!);
    if (seq) {
      extensionListProblems(seq).forEach(strict);
      extensions = readExtensions(expectTag(seq, TAG.SEQUENCE, 'Extensions'));
    }
  }
  const num = extensions.find((x) => x.oid === '2.5.29.20');
  const crlNumber = num?.status === 'decoded' ? num.lines[0] : undefined;
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
    nextUpdate,
    ...(crlNumber ? { crlNumber } : {}),
    signatureAlgorithm: readAlgorithm(sigAlgT),
    signatureHex: toHex(readBitString(sigT).bytes),
    tbs: encoded(tbsT).slice(),
    revoked,
    extensions,
  };
}
