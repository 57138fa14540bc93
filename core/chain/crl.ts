/**
 * Revocation by CRLs given up front (RFC 5280 §6.3, simplified to complete, directly issued
 * CRLs): with OpenSSL `-crl_check_all` semantics, every certificate below the trust anchor needs
 * a current CRL from its issuer, signed by the issuer's key; a listed serial is revoked.
 */
import type { ChainIssue } from '../relations.js';
import type { CrlItem } from '../types.js';
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
    const candidates = crls.filter((c) => c.issuer.derHex === cert.issuer.derHex);
    if (!candidates.length) {
      issues.push({ code: 'crl_missing', certIndex: i, message: `no CRL from ${cert.issuer.text} was given to check ${who}.` });
      continue;
    }
    const problems: string[] = [];
    let usable: CrlItem | undefined;
    for (const crl of candidates) {
      const why = await crlProblem(crl, issuer, now);
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

async function crlProblem(crl: CrlItem, issuer: PathCert['cert'], now: number): Promise<string | undefined> {
  if (crl.warnings.length) return crl.warnings.map((w) => w.message).join('; ');
  const bad = crl.extensions.find((e) => e.critical && !KNOWN_CRL_EXTENSIONS.has(e.oid));
  if (bad) return `it has an unsupported critical extension ${bad.name}`;
  if (crl.extensions.some((e) => e.oid === '2.5.29.27')) return 'it is a delta CRL';
  const number = crl.extensions.find((e) => e.oid === '2.5.29.20');
  if (!number) return 'it has no CRL number, which RFC 5280 requires';
  if (number.critical) return 'it marks the CRL number critical, which RFC 5280 forbids';
  const ku = ext(issuer, 'keyUsage');
  if (ku && !ku.usages.includes('cRLSign')) return `${name(issuer)} may not sign CRLs (no cRLSign in its key usage)`;
  const sig = await verifySignature(crl.tbs, crl.signatureAlgorithm, crl.signatureHex, issuer.publicKey);
  if (sig.verdict !== 'valid') return `its signature does not verify with the key of ${name(issuer)}${sig.detail ? ` (${sig.detail})` : ''}`;
  if (Date.parse(crl.thisUpdate) > now) return `it is not valid before ${crl.thisUpdate}`;
  if (!crl.nextUpdate) return 'it has no next update time';
  if (Date.parse(crl.nextUpdate) < now) return `it expired on ${crl.nextUpdate}`;
  return undefined;
}
