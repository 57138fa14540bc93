/**
 * RFC 5280 §6.1 path validation of one candidate path (leaf first, anchor last), plus the
 * Web PKI rules TLS clients apply to server certificates. Every problem is reported, each
 * tied to the certificate it concerns; nothing stops at the first failure.
 *
 * Where RFC 5280 leaves room, this follows the stricter of Go / rustls-webpki / Chrome:
 * rejection is the safe answer for a verifier.
 */
import type { ChainIssue, ChainIssueCode, VerifyOptions } from '../relations.js';
import type { CertificateItem, ExtensionData } from '../types.js';
import { toHex } from '../bytes.js';
import { NC_BUDGET, checkIdentity, checkNameConstraints, parseIp, sans, validDnsName } from './names.js';
import { checkPolicies } from './policy.js';
import { ML_DSA, isSha1, type SigResult } from './signature.js';

export interface PathCert {
  cert: CertificateItem;
  trusted: boolean;
}

export type SigCheck = (subject: CertificateItem, issuer: CertificateItem) => Promise<SigResult>;

const EKU = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2', any: '2.5.29.37.0' };
/**
 * EKUs a TLS server certificate must not carry next to serverAuth (CA/B BR 7.1.2.7.10):
 * anyExtendedKeyUsage, codeSigning, emailProtection, timeStamping, OCSPSigning, CT precertificate signing.
 */
const FORBIDDEN_SERVER_EKUS = new Map([
  [EKU.any, 'anyExtendedKeyUsage'],
  ['1.3.6.1.5.5.7.3.3', 'codeSigning'],
  ['1.3.6.1.5.5.7.3.4', 'emailProtection'],
  ['1.3.6.1.5.5.7.3.8', 'timeStamping'],
  ['1.3.6.1.5.5.7.3.9', 'OCSPSigning'],
  ['1.3.6.1.4.1.11129.2.4.4', 'precertificate signing'],
]);
const KNOWN_CRITICAL = new Set(['2.5.29.19', '2.5.29.15', '2.5.29.37', '2.5.29.17', '2.5.29.30', '2.5.29.32', '2.5.29.36', '2.5.29.33', '2.5.29.54', '2.5.29.14', '2.5.29.35', '2.5.29.31', '1.3.6.1.5.5.7.1.1']);
const GOOD_CURVES = new Set(['P-256', 'P-384', 'P-521']);

export function ext<T extends ExtensionData['type']>(c: CertificateItem, type: T): Extract<ExtensionData, { type: T }> | undefined {
  for (const e of c.extensions) if (e.data?.type === type) return e.data as Extract<ExtensionData, { type: T }>;
  return undefined;
}

function extInfo(c: CertificateItem, oid: string) {
  return c.extensions.find((e) => e.oid === oid);
}

export function name(c: CertificateItem): string {
  return c.subject.text || '(empty subject)';
}

/**
 * A common name that reads as a host name or an IP address (dotted, colon-separated or a bare
 * number): CA/B BR 7.1.4.3 then requires it to be a literal copy of a subjectAltName. Labels such
 * as "x509-limbo-intermediate-pathlen-0" name a CA, not a host, and are left alone.
 */
function cnLooksLikeHost(cn: string): boolean {
  return /[.:]/.test(cn) || /^(0x[0-9a-f]+|[0-9]+)$/i.test(cn);
}

/** RFC 5952 text of an IPv6 address, dotted quad for IPv4: what a CN must literally equal. */
function canonicalIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((bytes[i]! << 8) | bytes[i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return hex.slice(0, best).join(':') + '::' + hex.slice(best + bestLen).join(':');
}

export async function validatePath(path: PathCert[], opts: VerifyOptions, sig: SigCheck): Promise<ChainIssue[]> {
  const issues: ChainIssue[] = [];
  const add = (code: ChainIssueCode, certIndex: number, message: string) => issues.push({ code, certIndex, message });
  // Certificate times have one-second granularity; compare at that granularity (x509-limbo
  // rfc5280::validity::notafter-fractional) so 00:00:00.005 is still within a notAfter of 00:00:00.
  const at = Math.floor(opts.at.getTime() / 1000) * 1000;
  const last = path.length - 1;
  const anchored = path[last]!.trusted;
  const server = opts.purpose === 'server';
  // Checking a host name or IP address is checking a TLS server, whatever EKU was asked for
  // (a caller that names no purpose still names the server it connects to).
  const tlsServer = server || (opts.purpose === 'any' && !!(opts.host || opts.ip));
  const ncBudget = { left: NC_BUDGET };
  const purposeEku = opts.purpose === 'server' ? EKU.serverAuth : opts.purpose === 'client' ? EKU.clientAuth : undefined;

  for (const [i, { cert: c, trusted }] of path.entries()) {
    const who = name(c);
    const isLeaf = i === 0;
    const isIssuer = i > 0;
    const isAnchor = trusted && i === last;
    for (const w of c.warnings) add('malformed', i, `${who}: ${w.message}.`);
    for (const e of c.extensions) {
      if (e.status === 'malformed') add('malformed', i, `${who}: the ${e.name} extension is malformed (${e.lines.join('; ') || 'cannot be decoded'}).`);
      else if (e.critical && !KNOWN_CRITICAL.has(e.oid)) add('unknown_critical_extension', i, `${who} has a critical extension ${e.name} that this verifier does not understand.`);
    }

    if (at < Date.parse(c.notBefore)) add('not_yet_valid', i, `${who} is not valid before ${c.notBefore}.`);
    if (at > Date.parse(c.notAfter)) add('expired', i, `${who} expired on ${c.notAfter}.`);

    // Key strength, for every certificate including the anchor.
    const k = c.publicKey;
    if (k.algorithm === 'DSA') add('weak_key', i, `${who} has a DSA key, which is no longer accepted.`);
    else if ((k.algorithm === 'RSA' || k.algorithm === 'RSA-PSS') && ((k.bits ?? 0) < 2048 || (k.bits ?? 0) % 8 !== 0)) add('weak_key', i, `${who} has a ${k.bits}-bit RSA key; at least 2048 bits (a multiple of 8) are required.`);
    else if (k.algorithm === 'EC' && !GOOD_CURVES.has(k.curve ?? '')) add('weak_key', i, `${who} has an EC key on ${k.curve ?? 'an unnamed curve'}; only P-256, P-384 and P-521 are accepted.`);
    else if (k.algorithm === 'unknown' && ML_DSA.has(k.oid)) {
      // RFC 9881 §5: an ML-DSA key only signs; it cannot encrypt or agree keys.
      const bad = ext(c, 'keyUsage')?.usages.filter((u) => ['keyEncipherment', 'dataEncipherment', 'keyAgreement', 'encipherOnly', 'decipherOnly'].includes(u)) ?? [];
      if (bad.length) add('key_usage', i, `${who} has an ML-DSA key but asserts ${bad.join(', ')}, which such a key cannot do.`);
    } else if (k.algorithm === 'unknown') add('weak_key', i, `${who} has a public key of unknown type ${k.oid}.`);

    // Signature by the next certificate; an anchor's own signature is not relied on.
    if (i < last) {
      const issuer = path[i + 1]!.cert;
      if (c.issuer.derHex !== issuer.subject.derHex) add('name_chaining', i, `the issuer of ${who} (${c.issuer.text}) is not the subject of ${name(issuer)}.`);
      const r = await sig(c, issuer);
      if (r.verdict === 'invalid') add('bad_signature', i, `the signature on ${who} does not verify with the key of ${name(issuer)}${r.detail ? ` (${r.detail})` : ''}.`);
      else if (r.verdict === 'weak') add('weak_signature_algorithm', i, `${who} is signed with ${c.signatureAlgorithm.name}, which is broken${r.detail ? '' : ''}.`);
      else if (r.verdict === 'unsupported') add('unsupported_signature_algorithm', i, `${who}: ${r.detail ?? 'unsupported signature algorithm'}.`);
      if (r.verdict === 'valid' && isSha1(c.signatureAlgorithm)) add('weak_signature_algorithm', i, `${who} is signed with SHA-1, which is no longer accepted.`);
      const aki = ext(c, 'authorityKeyIdentifier');
      const ski = ext(issuer, 'subjectKeyIdentifier');
      if (aki?.keyIdHex && ski && aki.keyIdHex !== ski.keyIdHex) add('aki_ski_mismatch', i, `the authority key identifier of ${who} (${aki.keyIdHex}) differs from the subject key identifier of ${name(issuer)} (${ski.keyIdHex}).`);
    }

    // Profile rules (RFC 5280 §4.2 "MUST"s that a verifier can see).
    const bc = ext(c, 'basicConstraints');
    const ku = ext(c, 'keyUsage');
    const aki = extInfo(c, '2.5.29.35');
    const skiInfo = extInfo(c, '2.5.29.14');
    if (aki?.critical) add('profile', i, `${who} marks the authority key identifier critical, which RFC 5280 forbids.`);
    if (skiInfo?.critical) add('profile', i, `${who} marks the subject key identifier critical, which RFC 5280 forbids.`);
    if (extInfo(c, '1.3.6.1.5.5.7.1.1')?.critical) add('profile', i, `${who} marks authority information access critical, which RFC 5280 forbids.`);
    if (!c.selfIssued && c.version === 3 && !aki) add('profile', i, `${who} has no authority key identifier, which RFC 5280 requires of every certificate that is not self-signed.`);
    if (isAnchor && c.selfIssued && aki?.data?.type === 'authorityKeyIdentifier' && aki.data.keyIdHex && skiInfo?.data?.type === 'subjectKeyIdentifier' && aki.data.keyIdHex !== skiInfo.data.keyIdHex) add('profile', i, `the root ${who} has an authority key identifier that differs from its own subject key identifier.`);
    if (isAnchor && server && i > 0 && extInfo(c, '2.5.29.37')) add('ext_key_usage', i, `the root ${who} carries an extended key usage extension, which Web PKI roots must not.`);
    if (isAnchor && aki?.data?.type === 'authorityKeyIdentifier' && (!aki.data.keyIdHex || aki.data.issuer || aki.data.serialHex)) add('profile', i, `the root ${who} has an authority key identifier without a key identifier or with issuer and serial fields.`);
    if ((!isAnchor || isLeaf) && (c.serial === '00' || c.serial === '')) add('profile', i, `${who} has serial number zero, which RFC 5280 forbids.`);
    if ((!isAnchor || isLeaf) && /^[89a-f]/.test(c.serial)) add('profile', i, `${who} has a negative serial number.`);
    if ((!isAnchor || isLeaf) && c.serial.length / 2 > 20) add('profile', i, `${who} has a serial number longer than 20 octets.`);
    if (bc && bc.pathLen !== undefined && !bc.ca) add('profile', i, `${who} sets a path length constraint without being a CA.`);
    if (ku?.usages.includes('keyCertSign') && !bc?.ca) add('key_usage', i, `${who} asserts keyCertSign without being a CA (basicConstraints cA is not set).`);
    const san = extInfo(c, '2.5.29.17');
    if (c.subject.attributes.length === 0 && (!san || !san.critical)) add('profile', i, `${who} has an empty subject, so its subjectAltName must be present and critical.`);
    if (tlsServer && isLeaf && san?.critical && c.subject.attributes.length > 0) add('profile', i, `${who} marks subjectAltName critical while its subject is not empty.`);

    if (isIssuer) {
      if (c.subject.attributes.length === 0) add('profile', i, `the CA ${who} has an empty subject.`);
      const v1Anchor = isAnchor && c.version < 3;
      if (!v1Anchor) {
        const bcInfo = extInfo(c, '2.5.29.19');
        if (!bc?.ca) add('not_ca', i, `${who} is not a CA (${c.version < 3 ? `a version ${c.version} certificate cannot be an intermediate` : 'basicConstraints cA is not set'}), so it may not issue certificates.`);
        else if (!bcInfo?.critical) add('profile', i, `the CA ${who} does not mark basicConstraints critical, which RFC 5280 requires.`);
        if (ku && !ku.usages.includes('keyCertSign')) add('key_usage', i, `${who} has a key usage without keyCertSign, so it may not sign certificates.`);
        if (!skiInfo) add('profile', i, `the CA ${who} has no subject key identifier, which RFC 5280 requires of CA certificates.`);
        if (bc?.pathLen !== undefined) {
          let below = 0;
          for (let j = 1; j < i; j++) if (!path[j]!.cert.selfIssued) below++;
          if (below > bc.pathLen) add('path_len_exceeded', i, `${who} allows ${bc.pathLen} intermediate CA(s) below it, but the path has ${below}.`);
        }
      }
      const eku = ext(c, 'extKeyUsage');
      if (purposeEku && eku && !eku.oids.includes(purposeEku) && !eku.oids.includes(EKU.any)) add('ext_key_usage', i, `${who} restricts extended key usage to ${eku.oids.join(', ')}, which does not permit ${opts.purpose} authentication.`);
      const nc = ext(c, 'nameConstraints');
      if (nc) {
        if (!extInfo(c, '2.5.29.30')?.critical) add('name_constraints', i, `${who} has non-critical name constraints, which RFC 5280 forbids.`);
        for (let j = i - 1; j >= 0; j--) {
          const sub = path[j]!.cert;
          if (j > 0 && sub.selfIssued) continue;
          for (const p of checkNameConstraints(nc, sub, j === 0, ncBudget)) add('name_constraints', j, `${name(sub)}: ${p}, under the name constraints of ${who}.`);
        }
      }
    } else {
      if (extInfo(c, '2.5.29.30') && !bc?.ca) add('name_constraints', i, `${who} is not a CA but carries name constraints.`);
      const eku = ext(c, 'extKeyUsage');
      // Web PKI (CA/B Forum, rustls-webpki): a server leaf must name serverAuth itself;
      // anyExtendedKeyUsage or no EKU at all is not enough.
      if (server && !eku) add('ext_key_usage', i, `${who} has no extended key usage; a TLS server certificate must list serverAuth.`);
      else if (server && eku && !eku.oids.includes(EKU.serverAuth)) add('ext_key_usage', i, `${who} has extended key usage ${eku.oids.join(', ')} without serverAuth.`);
      else if (server && eku) {
        const bad = eku.oids.filter((o) => FORBIDDEN_SERVER_EKUS.has(o)).map((o) => FORBIDDEN_SERVER_EKUS.get(o));
        if (bad.length) add('ext_key_usage', i, `${who} lists ${bad.join(', ')} next to serverAuth, which a TLS server certificate must not.`);
      }
      else if (purposeEku && eku && !eku.oids.includes(purposeEku) && !eku.oids.includes(EKU.any)) add('ext_key_usage', i, `${who} has extended key usage ${eku.oids.join(', ')} without clientAuth.`);
      if (server && extInfo(c, '2.5.29.37')?.critical) add('profile', i, `${who} marks extended key usage critical, which the Web PKI forbids for server certificates.`);
      if (ku && opts.purpose !== 'any') {
        const ok = ku.usages.some((u) => u === 'digitalSignature' || u === 'keyAgreement' || (server && u === 'keyEncipherment'));
        if (!ok) add('key_usage', i, `${who} has key usage ${ku.usages.join(', ') || '(none)'}, unsuitable for TLS ${opts.purpose} authentication.`);
      }
      // A TLS server leaf must not be a CA (CA/B BR 7.1.2.7.8, x509-limbo webpki::ca-as-leaf,
      // which wins over the conflicting rfc5280::ca-as-leaf because accepting is the unsafe
      // answer); in other roles a CA leaf is fine unless its key may not sign certificates.
      if (bc?.ca && (tlsServer || (ku && !ku.usages.includes('keyCertSign')))) add('profile', i, `${who} is a CA certificate used as ${tlsServer ? 'a server' : 'an end-entity'} certificate.`);
      if (tlsServer) {
        if (c.version < 3) add('profile', i, `${who} is a version ${c.version} certificate, which cannot carry the subjectAltName a server certificate needs.`);
        const names = sans(c);
        for (const n of names) if (n.type === 'dns' && !validDnsName(n.value)) add('profile', i, `${who} has an invalid DNS name "${n.value}" in its subjectAltName.`);
        if (!names.length) add('hostname_mismatch', i, `${who} has no subjectAltName, and the common name is not used for host names.`);
        for (const a of c.subject.attributes) {
          if (a.oid !== '2.5.4.3' || (!server && !cnLooksLikeHost(a.value))) continue;
          const ip = parseIp(a.value);
          const inSan = names.some((n) => (n.type === 'dns' && n.value === a.value) || (n.type === 'ip' && ip && n.bytesHex === toHex(ip) && canonicalIp(ip) === a.value));
          if (!inSan) add('profile', i, `the common name "${a.value}" of ${who} is not one of its subjectAltNames.`);
        }
      }
      // Without any SAN the sentence above already said why the host does not match.
      const saidNoSan = tlsServer && sans(c).length === 0;
      for (const r of checkIdentity(c, opts)) if (!r.ok && !(saidNoSan && r.code === 'hostname_mismatch')) add(r.code, i, `${who}: ${r.message}.`);
    }
    if (isIssuer && c.extensions.some((e) => e.oid === '2.5.29.54' && !e.critical)) add('profile', i, `${who} does not mark inhibitAnyPolicy critical, which RFC 5280 requires.`);
    if (c.extensions.some((e) => e.oid === '2.5.29.36' && !e.critical)) add('profile', i, `${who} does not mark policyConstraints critical, which RFC 5280 requires.`);
  }

  if (anchored) {
    // Like pathLenConstraint, self-issued intermediates (key rollover) do not deepen the chain
    // (x509-limbo pathlen::max-chain-depth-1-self-issued).
    const inter = path.slice(1, last).filter((p) => !p.cert.selfIssued).length;
    if (opts.maxDepth !== undefined && inter > opts.maxDepth) add('max_depth_exceeded', -1, `the chain has ${inter} intermediate certificate(s), more than the allowed depth ${opts.maxDepth}.`);
    for (const p of checkPolicies(path.slice(0, last).map((x) => x.cert).reverse())) add('policy', p.index === -1 ? -1 : last - 1 - p.index, p.message);
  }
  return issues;
}
