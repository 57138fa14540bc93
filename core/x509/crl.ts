/**
 * X.509 CRL (RFC 5280 §5.1):
 *   CertificateList ::= SEQUENCE { tbsCertList TBSCertList, signatureAlgorithm, signatureValue BIT STRING }
 *   TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature AlgorithmIdentifier, issuer Name, thisUpdate Time,
 *     nextUpdate Time OPTIONAL, revokedCertificates SEQUENCE OF SEQUENCE { userCertificate, revocationDate,
 *     crlEntryExtensions OPTIONAL } OPTIONAL, crlExtensions [0] EXPLICIT Extensions OPTIONAL }
 */
import { toHex } from '../bytes.js';
import type { Origin } from '../context.js';
import { DerError, children, expectTag, readHeader, readTlv, readBitString, readSmallInt, readTime, TAG, value, type Tlv } from '../der.js';
import { nameLabel, readName } from '../names.js';
import type { CrlItem, ExtensionInfo, Problem, RevokedEntry } from '../types.js';
import { readAlgorithm } from './algorithm.js';
import { publicItemFields, serialHex } from './common.js';
import { readExtensions } from './extensions/index.js';

const isTime = (t: Tlv | undefined) => !!t && (t.tag === TAG.UTCTime || t.tag === TAG.GeneralizedTime);

export function looksLikeCrl(f: Tlv[]): boolean {
  const o = f[0]?.tag === TAG.INTEGER ? 1 : 0;
  return f[o]?.tag === TAG.SEQUENCE && f[o + 1]?.tag === TAG.SEQUENCE && isTime(f[o + 2]);
}

function readRevoked(entry: Tlv): RevokedEntry {
  expectTag(entry, TAG.SEQUENCE, 'a revoked certificate entry');
  // Field by field rather than children(): this runs once per entry of CRLs of a million.
  const b = entry.bytes;
  if (entry.valueStart >= entry.end) throw new DerError('a revoked entry needs a serial and a date', entry.start);
  const serialTlv = readTlv(b, entry.valueStart, entry.end);
  if (serialTlv.end >= entry.end) throw new DerError('a revoked entry needs a serial and a date', entry.start);
  const date = readTlv(b, serialTlv.end, entry.end);
  const exts = date.end < entry.end ? readTlv(b, date.end, entry.end) : undefined;
  if (exts && exts.end !== entry.end) throw new DerError('a revoked entry has more than a serial, a date and extensions', exts.end);
  const out: RevokedEntry = { serial: serialHex(value(expectTag(serialTlv, TAG.INTEGER, 'a serial INTEGER'))), date: readTime(date) };
  if (exts) {
    const reason = readExtensions(exts).find((e) => e.oid === '2.5.29.21');
    if (reason && reason.status === 'decoded' && reason.lines[0]) out.reason = reason.lines[0];
  }
  return out;
}

/**
 * Most revoked entries listed for one CRL: ~100 bytes each in memory. The largest public CRLs
 * list a few hundred thousand; a 50 MiB file could hold two million (1.5 s and 300 MB more to hold).
 */
export const MAX_REVOKED_LISTED = 500_000;

/** The revokedCertificates list, read one entry at a time (no array of the whole list's TLVs). */
function readRevokedList(list: Tlv, warnings: Problem[]): RevokedEntry[] {
  const out: RevokedEntry[] = [];
  let more = 0;
  const stop = list.end;
  for (let p = list.valueStart; p < stop; ) {
    if (out.length < MAX_REVOKED_LISTED) {
      const entry = readTlv(list.bytes, p, stop);
      out.push(readRevoked(entry));
      p = entry.end;
    } else {
      // Past the cap, entries are only counted: their headers, no objects.
      const h = readHeader(list.bytes, p, stop);
      p = h.valueStart + h.length;
      more++;
    }
  }
  if (more) {
    warnings.push({
      code: 'limit_exceeded',
      message: `The CRL lists ${(out.length + more).toLocaleString('en-US')} revoked certificates; only the first ${MAX_REVOKED_LISTED.toLocaleString('en-US')} are listed here.`,
    });
  }
  return out;
}

export function readCrl(root: Tlv, origin: Origin, warnings: Problem[]): CrlItem {
  const [tbs, sigAlg, sig] = children(expectTag(root, TAG.SEQUENCE, 'a CertificateList SEQUENCE'));
  if (!tbs || !sigAlg || !sig) throw new DerError('a CRL needs tbsCertList, signatureAlgorithm and signatureValue', root.start);
  const f = children(expectTag(tbs, TAG.SEQUENCE, 'a TBSCertList'));
  let i = 0;
  let version = 1;
  if (f[0]?.tag === TAG.INTEGER) {
    version = readSmallInt(f[0]) + 1;
    i = 1;
  }
  i++; // inner signature algorithm: the outer one is authoritative for display
  const issuerTlv = f[i++];
  const thisTlv = f[i++];
  if (!issuerTlv || !thisTlv) throw new DerError('the CRL is missing its issuer or thisUpdate', tbs.start);
  const issuer = readName(issuerTlv, warnings);
  let nextUpdate: string | undefined;
  if (isTime(f[i])) nextUpdate = readTime(f[i++]!);
  let revoked: RevokedEntry[] = [];
  let extensions: ExtensionInfo[] = [];
  for (; i < f.length; i++) {
    const x = f[i]!;
    if (x.tag === TAG.SEQUENCE) revoked = readRevokedList(x, warnings);
    else if (x.tag === 0xa0) {
      const [list] = children(x);
      if (list) extensions = readExtensions(expectTag(list, TAG.SEQUENCE, 'Extensions'));
    }
  }
  const base = publicItemFields(root, origin, nameLabel(issuer), warnings);
  const item: CrlItem = {
    kind: 'crl',
    ...base,
    version,
    issuer,
    thisUpdate: readTime(thisTlv),
    signatureAlgorithm: readAlgorithm(sigAlg),
    signatureHex: toHex(readBitString(sig).bytes),
    // A view into `der` (the item's own copy), as for certificates: a big CRL is held once.
    tbs: base.der.subarray(tbs.start - root.start, tbs.end - root.start),
    revoked,
    extensions,
  };
  if (nextUpdate) item.nextUpdate = nextUpdate;
  const num = extensions.find((e) => e.oid === '2.5.29.20');
  if (num && num.status === 'decoded' && num.lines[0]) item.crlNumber = num.lines[0];
  return item;
}
