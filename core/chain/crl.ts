/**
 * Revocation by CRLs given up front (RFC 5280 §6.3, simplified to complete, directly issued
 * CRLs): with OpenSSL `-crl_check_all` semantics, every certificate below the trust anchor needs
 * a current CRL from its issuer, signed by the issuer's key; a listed serial is revoked.
 * A CRL scoped by an issuing distribution point is used only for the certificates in its scope
 * (§5.2.5, §6.3.3 (b)); partitions this verifier cannot follow (relative names, indirect CRLs,
 * reason subsets, non-URI names) make the CRL unusable rather than silently trusted.
 */
import type { ChainIssue } from '../relations.js';
import type { CertificateItem, CrlItem } from '../types.js';
import { fromHex } from '../bytes.js';
import { children, ctx, readRoot, value, type Tlv } from '../der.js';
import { sameName } from './dn.js';
import { readGeneralName } from '../x509/extensions/general-names.js';
import { verifySignature } from './signature.js';
import { ext, name, type PathCert } from './validate.js';

const KNOWN_CRL_EXTENSIONS = new Set(['2.5.29.20', '2.5.29.35', '2.5.29.28', '2.5.29.18', '1.3.6.1.5.5.7.1.1']);

export async function checkRevocation(path: PathCert[], crls: CrlItem[], at: Date): Promise<ChainIssue[]> {
  const issues: ChainIssue[] = [];
  const now = at.getTime();
  for (let i = 0; i < path.length - 1; i++) {
    const cert = path[i]!.cert;
    const issuer = path[i + 1]!.cert;
    const who = name(cert);
    const candidates = crls.filter((c) => sameName(c.issuer, cert.issuer));
    if (!candidates.length) {
      issues.push({ code: 'crl_missing', certIndex: i, message: `no CRL from ${cert.issuer.text} was given to check ${who}.` });
      continue;
    }
    const problems: string[] = [];
    let usable: CrlItem | undefined;
    for (const crl of candidates) {
      const why = await crlProblem(crl, cert, issuer, now);
      if (why) problems.push(why);
      else {
        usable = crl;
        break;
      }
    }
    if (!usable) {
      issues.push({ code: 'crl_invalid', certIndex: i, message: `the CRL from ${cert.issuer.text} cannot be used to check ${who}: ${problems.join('; ')}.` });
      continue;
    }
    const entry = usable.revoked.find((r) => r.serial === cert.serial);
    if (entry && entry.reason !== 'removeFromCRL') {
      issues.push({ code: 'revoked', certIndex: i, message: `${who} was revoked on ${entry.date}${entry.reason ? ` (reason: ${entry.reason})` : ''}.` });
    }
  }
  return issues;
}

async function crlProblem(crl: CrlItem, cert: CertificateItem, issuer: CertificateItem, now: number): Promise<string | undefined> {
  if (crl.warnings.length) return crl.warnings.map((w) => w.message).join('; ');
  const bad = crl.extensions.find((e) => e.critical && !KNOWN_CRL_EXTENSIONS.has(e.oid));
  if (bad) return `it has an unsupported critical extension ${bad.name}`;
  if (crl.extensions.some((e) => e.oid === '2.5.29.27')) return 'it is a delta CRL';
  const number = crl.extensions.find((e) => e.oid === '2.5.29.20');
  if (!number) return 'it has no CRL number, which RFC 5280 requires';
  if (number.critical) return 'it marks the CRL number critical, which RFC 5280 forbids';
  // CA/B Forum servercert#589: a serial listed twice makes the list ambiguous.
  const seen = new Set<string>();
  for (const r of crl.revoked) {
    if (seen.has(r.serial)) return `it lists the serial number ${r.serial} more than once`;
    seen.add(r.serial);
  }
  const idp = crl.extensions.find((e) => e.oid === '2.5.29.28');
  if (idp) {
    const why = scopeProblem(idp.rawHex, cert);
    if (why) return why;
  }
  const ku = ext(issuer, 'keyUsage');
  if (ku && !ku.usages.includes('cRLSign')) return `${name(issuer)} may not sign CRLs (no cRLSign in its key usage)`;
  const sig = await verifySignature(crl.tbs, crl.signatureAlgorithm, crl.signatureHex, issuer.publicKey);
  if (sig.verdict !== 'valid') return `its signature does not verify with the key of ${name(issuer)}${sig.detail ? ` (${sig.detail})` : ''}`;
  if (Date.parse(crl.thisUpdate) > now) return `it is not valid before ${crl.thisUpdate}`;
  if (!crl.nextUpdate) return 'it has no next update time';
  if (Date.parse(crl.nextUpdate) < now) return `it expired on ${crl.nextUpdate}`;
  return undefined;
}

interface DpName {
  uris: string[];
  /** A GeneralName other than a URI, or a nameRelativeToCRLIssuer: nothing to compare byte for byte. */
  other: boolean;
}

/** DistributionPointName ::= CHOICE { fullName [0] GeneralNames, nameRelativeToCRLIssuer [1] RDN } */
function dpName(t: Tlv): DpName {
  const [choice] = children(t);
  if (!choice || choice.tag !== ctx(0, true)) return { uris: [], other: true };
  const names = children(choice).map((g) => readGeneralName(g));
  return { uris: names.filter((n) => n.type === 'uri').map((n) => n.value), other: names.some((n) => n.type !== 'uri') };
}

const boolTrue = (t: Tlv) => value(t)[0] !== 0;

/**
 *   IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0] OPTIONAL,
 *     onlyContainsUserCerts [1] BOOLEAN DEFAULT FALSE, onlyContainsCACerts [2] BOOLEAN DEFAULT FALSE,
 *     onlySomeReasons [3] ReasonFlags OPTIONAL, indirectCRL [4] BOOLEAN DEFAULT FALSE,
 *     onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
 */
function scopeProblem(rawHex: string, cert: CertificateItem): string | undefined {
  try {
    let dp: DpName | undefined;
    for (const f of children(readRoot(fromHex(rawHex)))) {
      if (f.tag === ctx(0, true)) dp = dpName(f);
      else if (f.tag === ctx(1, false) && boolTrue(f) && ext(cert, 'basicConstraints')?.ca) return `its issuing distribution point covers only end-entity certificates, and ${name(cert)} is a CA`;
      else if (f.tag === ctx(2, false) && boolTrue(f) && !ext(cert, 'basicConstraints')?.ca) return `its issuing distribution point covers only CA certificates, and ${name(cert)} is not one`;
      else if (f.tag === ctx(3, false)) return 'it covers only some revocation reasons, and no complete CRL was given';
      else if (f.tag === ctx(4, false) && boolTrue(f)) return 'it is an indirect CRL, which this verifier does not follow';
      else if (f.tag === ctx(5, false) && boolTrue(f)) return 'it covers only attribute certificates';
    }
    if (!dp) return undefined;
    if (dp.other) return 'its issuing distribution point is not a list of URIs';
    const cdp = cert.extensions.find((e) => e.oid === '2.5.29.31');
    if (!cdp) return `its issuing distribution point does not match ${name(cert)}, which names no CRL distribution point`;
    const certDps = children(readRoot(fromHex(cdp.rawHex))).flatMap((d) => children(d).filter((x) => x.tag === ctx(0, true)).map(dpName));
    if (certDps.some((d) => d.other)) return `the CRL distribution points of ${name(cert)} are not all URIs`;
    // Byte-for-byte comparison (CA/B BR 7.2.2.1): "%73hard" and "shard" are different partitions.
    if (!certDps.some((d) => d.uris.some((u) => dp.uris.includes(u)))) return `its issuing distribution point (${dp.uris.join(', ')}) is not a CRL distribution point of ${name(cert)}`;
    return undefined;
  } catch {
    return 'its issuing distribution point is malformed';
  }
}
