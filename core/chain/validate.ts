/**
 * RFC 5280 §6.1 path validation of one candidate path (leaf first, anchor last), plus the rules
 * of the chosen profile (rules.ts). Every problem is reported, each tied to the certificate it
 * concerns; nothing stops at the first failure. Profile rules that do not decide the verdict are
 * returned as findings.
 */
import type { ChainFinding, ChainIssue, ChainIssueCode, Profile, VerifyOptions } from '../relations.js';
import type { CertificateItem, ExtensionData } from '../types.js';
import { toHex } from '../bytes.js';
import { EKU_NAMES } from '../oid-names.js';
import { formatIp } from '../x509/extensions/general-names.js';
import { strictProblems } from './decode.js';
import { isSelfIssued, sameName } from './dn.js';
import { NC_BUDGET, checkIdentity, checkNameConstraints, parseIp, sans, validDnsName } from './names.js';
import { checkPolicies } from './policy.js';
import { levelOf, type RuleId } from './rules.js';
import { ML_DSA, isSha1, type SigResult } from './signature.js';

export interface PathCert {
  cert: CertificateItem;
  trusted: boolean;
}

export type SigCheck = (subject: CertificateItem, issuer: CertificateItem) => Promise<SigResult>;

export type PathFinding = ChainFinding & { certIndex: number };

export interface PathVerdict {
  issues: ChainIssue[];
  findings: PathFinding[];
}

const EKU = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2', any: '2.5.29.37.0' };
/** EKUs a TLS server certificate must not carry next to serverAuth (CA/B BR 7.1.2.7.10). */
const FORBIDDEN_SERVER_EKUS = new Set([EKU.any, '1.3.6.1.5.5.7.3.3', '1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.8', '1.3.6.1.5.5.7.3.9', '1.3.6.1.4.1.11129.2.4.4']);
/** Extensions path validation reads: malformed ones fail the path; other malformed ones are findings. */
const VALIDATION_EXTENSIONS = new Set(['2.5.29.14', '2.5.29.15', '2.5.29.17', '2.5.29.18', '2.5.29.19', '2.5.29.30', '2.5.29.31', '2.5.29.32', '2.5.29.33', '2.5.29.35', '2.5.29.36', '2.5.29.37', '2.5.29.54', '1.3.6.1.5.5.7.1.1']);
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

/** EKU OIDs in words (`clientAuth`, `codeSigning`), the OID where we have no name. */
export function ekuWords(oids: string[]): string {
  return oids.map((o) => EKU_NAMES[o] ?? o).join(', ');
}

/**
 * A common name that reads as a host name or an IP address (dotted, colon-separated or a bare
 * number): CA/B BR 7.1.4.3 then requires it to be a literal copy of a subjectAltName. Labels such
 * as "x509-limbo-intermediate-pathlen-0" name a CA, not a host, and are left alone.
 */
function cnLooksLikeHost(cn: string): boolean {
  return /[.:]/.test(cn) || /^(0x[0-9a-f]+|[0-9]+)$/i.test(cn);
}

interface Ctx {
  path: PathCert[];
  opts: VerifyOptions;
  profile: Profile;
  at: number;
  last: number;
  server: boolean;
  /** A TLS server is being checked (server purpose, or a host/IP named with no purpose). */
  tlsServer: boolean;
  purposeEku: string | undefined;
  ncBudget: { left: number };
  fail: (code: ChainIssueCode, i: number, message: string) => void;
  rule: (rule: RuleId, code: ChainIssueCode, i: number, message: string) => void;
}

/** Checks every certificate needs, whatever its place. */
function checkCert(x: Ctx, i: number): void {
  const { cert: c, trusted } = x.path[i]!;
  const who = name(c);
  const isAnchor = trusted && i === x.last;
  for (const w of c.warnings) x.fail('malformed', i, `${who}: ${w.message.replace(/\.$/, '')}.`);
  for (const p of strictProblems(c)) x.fail('malformed', i, `${who}: ${p}.`);
  for (const e of c.extensions) {
    const used = VALIDATION_EXTENSIONS.has(e.oid);
    if (e.status === 'malformed') {
      const why = `${who}: the ${e.name} extension is malformed (${e.lines.join('; ').replace(/^malformed: /, '') || 'cannot be decoded'}).`;
      if (used || e.critical) x.fail('malformed', i, why);
      else x.rule('unused_extension_malformed', 'malformed', i, why);
    } else if (e.critical && !KNOWN_CRITICAL.has(e.oid)) x.fail('unknown_critical_extension', i, `${who} has a critical extension ${e.name} that this verifier does not understand.`);
    for (const n of e.notes ?? []) {
      const why = `${who}: the ${e.name} extension is not valid DER for its type (${n}).`;
      if (used) x.fail('malformed', i, why);
      else x.rule('unused_extension_malformed', 'malformed', i, why);
    }
  }
  if (x.at < Date.parse(c.notBefore)) x.fail('not_yet_valid', i, `${who} is not valid before ${c.notBefore}.`);
  if (x.at > Date.parse(c.notAfter)) x.fail('expired', i, `${who} expired on ${c.notAfter}.`);

  const k = c.publicKey;
  if (k.algorithm === 'DSA') x.rule('weak_key', 'weak_key', i, `${who} has a DSA key, which TLS clients no longer accept.`);
  else if ((k.algorithm === 'RSA' || k.algorithm === 'RSA-PSS') && ((k.bits ?? 0) < 2048 || (k.bits ?? 0) % 8 !== 0)) x.rule('weak_key', 'weak_key', i, `${who} has a ${k.bits}-bit RSA key; at least 2048 bits (a multiple of 8) are required.`);
  else if (k.algorithm === 'EC' && !GOOD_CURVES.has(k.curve ?? '')) x.rule('weak_key', 'weak_key', i, `${who} has an EC key on ${k.curve ?? 'an unnamed curve'}; TLS clients accept only P-256, P-384 and P-521.`);
  else if (k.algorithm === 'unknown' && ML_DSA.has(k.oid)) {
    // RFC 9881 §5: an ML-DSA key only signs; it cannot encrypt or agree keys.
    const bad = ext(c, 'keyUsage')?.usages.filter((u) => ['keyEncipherment', 'dataEncipherment', 'keyAgreement', 'encipherOnly', 'decipherOnly'].includes(u)) ?? [];
    if (bad.length) x.fail('key_usage', i, `${who} has an ML-DSA key but asserts ${bad.join(', ')}, which such a key cannot do.`);
  } else if (k.algorithm === 'unknown') x.fail('weak_key', i, `${who} has a public key of unknown type ${k.oid}.`);

  const aki = extInfo(c, '2.5.29.35');
  const ski = extInfo(c, '2.5.29.14');
  const akiData = ext(c, 'authorityKeyIdentifier');
  const bc = ext(c, 'basicConstraints');
  if (aki?.critical) x.rule('aki_critical', 'profile', i, `${who} marks the authority key identifier critical, which RFC 5280 forbids.`);
  if (ski?.critical) x.rule('ski_critical', 'profile', i, `${who} marks the subject key identifier critical, which RFC 5280 forbids.`);
  if (extInfo(c, '1.3.6.1.5.5.7.1.1')?.critical) x.rule('aia_critical', 'profile', i, `${who} marks authority information access critical, which RFC 5280 forbids.`);
  if (!isSelfIssued(c) && c.version === 3 && !aki) {
    const msg = `${who} has no authority key identifier, which RFC 5280 requires of every certificate that is not self-signed.`;
    if (isAnchor) x.rule('anchor_aki_missing', 'profile', i, msg);
    else x.rule('aki_missing', 'profile', i, msg);
  }
  if (isAnchor && isSelfIssued(c) && akiData?.keyIdHex && ski?.data?.type === 'subjectKeyIdentifier' && akiData.keyIdHex !== ski.data.keyIdHex) x.rule('root_aki_ski_mismatch', 'profile', i, `the root ${who} has an authority key identifier that differs from its own subject key identifier.`);
  if (isAnchor && x.server && i > 0 && extInfo(c, '2.5.29.37')) x.rule('root_eku', 'ext_key_usage', i, `the root ${who} carries an extended key usage extension, which Web PKI roots must not.`);
  if (isAnchor && akiData && (!akiData.keyIdHex || akiData.issuer || akiData.serialHex)) x.rule('root_aki_fields', 'profile', i, `the root ${who} has an authority key identifier without a key identifier or with issuer and serial fields.`);
  if (!isAnchor || i === 0) {
    if (c.serial === '00' || c.serial === '') x.rule('serial_zero', 'profile', i, `${who} has serial number zero, which RFC 5280 forbids.`);
    if (/^[89a-f]/.test(c.serial)) x.rule('serial_negative', 'profile', i, `${who} has a negative serial number, which RFC 5280 forbids.`);
    if (c.serial.length / 2 > 20) x.rule('serial_too_long', 'profile', i, `${who} has a serial number of ${c.serial.length / 2} octets; RFC 5280 allows at most 20.`);
  }
  if (bc && bc.pathLen !== undefined && !bc.ca) x.rule('pathlen_without_ca', 'profile', i, `${who} sets a path length constraint without being a CA.`);
  const ku = ext(c, 'keyUsage');
  if (ku?.usages.includes('keyCertSign') && !bc?.ca) x.fail('key_usage', i, `${who} asserts keyCertSign without being a CA (basicConstraints cA is not set).`);
  const san = extInfo(c, '2.5.29.17');
  if (c.subject.attributes.length === 0 && (!san || !san.critical)) x.fail('profile', i, `${who} has an empty subject, so its subjectAltName must be present and critical (RFC 5280 §4.2.1.6).`);
  if (c.extensions.some((e) => (e.oid === '2.5.29.36' || (i > 0 && e.oid === '2.5.29.54')) && !e.critical)) x.rule('pc_not_critical', 'profile', i, `${who} does not mark policyConstraints or inhibitAnyPolicy critical, which RFC 5280 requires.`);
}

/** The signature and names that link certificate i to the next one. */
async function checkLink(x: Ctx, i: number, sig: SigCheck): Promise<void> {
  const c = x.path[i]!.cert;
  const issuer = x.path[i + 1]!.cert;
  const who = name(c);
  if (!sameName(c.issuer, issuer.subject)) x.fail('name_chaining', i, `the issuer of ${who} (${c.issuer.text}) is not the subject of ${name(issuer)}.`);
  const r = await sig(c, issuer);
  if (r.verdict === 'invalid') x.fail('bad_signature', i, `the signature on ${who} does not verify with the key of ${name(issuer)}${r.detail ? ` (${r.detail})` : ''}.`);
  else if (r.verdict === 'weak') x.fail('weak_signature_algorithm', i, `${who} is signed with ${c.signatureAlgorithm.name}, which is broken.`);
  else if (r.verdict === 'unsupported') x.fail('unsupported_signature_algorithm', i, `${who}: ${r.detail ?? 'unsupported signature algorithm'}.`);
  if (r.verdict === 'valid' && isSha1(c.signatureAlgorithm)) x.rule('sha1_signature', 'weak_signature_algorithm', i, `${who} is signed with SHA-1, which TLS clients no longer accept.`);
  const aki = ext(c, 'authorityKeyIdentifier');
  const ski = ext(issuer, 'subjectKeyIdentifier');
  if (aki?.keyIdHex && ski && aki.keyIdHex !== ski.keyIdHex) x.fail('aki_ski_mismatch', i, `the authority key identifier of ${who} (${aki.keyIdHex}) differs from the subject key identifier of ${name(issuer)} (${ski.keyIdHex}).`);
}

/** What a certificate must be to issue the one below it. */
function checkIssuer(x: Ctx, i: number): void {
  const { cert: c, trusted } = x.path[i]!;
  const who = name(c);
  const isAnchor = trusted && i === x.last;
  const bc = ext(c, 'basicConstraints');
  const ku = ext(c, 'keyUsage');
  if (c.subject.attributes.length === 0) x.fail('profile', i, `the CA ${who} has an empty subject.`);
  if (!(isAnchor && c.version < 3)) {
    if (!bc?.ca) x.fail('not_ca', i, `${who} is not a CA (${c.version < 3 ? `a version ${c.version} certificate cannot be an intermediate` : 'basicConstraints cA is not set'}), so it may not issue certificates.`);
    else if (!extInfo(c, '2.5.29.19')?.critical) x.rule('bc_not_critical', 'profile', i, `the CA ${who} does not mark basicConstraints critical, which RFC 5280 requires.`);
    if (ku && !ku.usages.includes('keyCertSign')) x.fail('key_usage', i, `${who} has a key usage without keyCertSign, so it may not sign certificates.`);
    if (!extInfo(c, '2.5.29.14')) x.rule('ca_ski_missing', 'profile', i, `the CA ${who} has no subject key identifier, which RFC 5280 requires of CA certificates.`);
    if (bc?.pathLen !== undefined) {
      let below = 0;
      for (let j = 1; j < i; j++) if (!isSelfIssued(x.path[j]!.cert)) below++;
      if (below > bc.pathLen) x.fail('path_len_exceeded', i, `${who} allows ${bc.pathLen} intermediate CA(s) below it, but the path has ${below}.`);
    }
  }
  const eku = ext(c, 'extKeyUsage');
  if (x.purposeEku && eku && !eku.oids.includes(x.purposeEku) && !eku.oids.includes(EKU.any)) {
    x.fail('ext_key_usage', i, `${who} restricts extended key usage to ${ekuWords(eku.oids)}, which does not permit ${EKU_NAMES[x.purposeEku] ?? x.purposeEku}.`);
  }
  const nc = ext(c, 'nameConstraints');
  if (nc) {
    if (!extInfo(c, '2.5.29.30')?.critical) x.rule('nc_not_critical', 'name_constraints', i, `${who} has name constraints not marked critical, which RFC 5280 forbids (they are applied all the same).`);
    for (let j = i - 1; j >= 0; j--) {
      const sub = x.path[j]!.cert;
      if (j > 0 && isSelfIssued(sub)) continue;
      for (const p of checkNameConstraints(nc, sub, j === 0, x.ncBudget)) x.fail('name_constraints', j, `${name(sub)}: ${p}, under the name constraints of ${who}.`);
    }
  }
}

/** What the end-entity must be for the purpose and peer name asked for. */
function checkLeaf(x: Ctx, findings: PathFinding[]): void {
  const c = x.path[0]!.cert;
  const who = name(c);
  const bc = ext(c, 'basicConstraints');
  const ku = ext(c, 'keyUsage');
  const eku = ext(c, 'extKeyUsage');
  if (extInfo(c, '2.5.29.30') && !bc?.ca) x.fail('name_constraints', 0, `${who} is not a CA but carries name constraints.`);
  if (x.server) {
    if (!eku) x.rule('leaf_eku_missing', 'ext_key_usage', 0, `${who} has no extended key usage; a TLS server certificate must list serverAuth.`);
    else if (!eku.oids.includes(EKU.serverAuth)) {
      if (eku.oids.includes(EKU.any)) x.rule('leaf_eku_any_only', 'ext_key_usage', 0, `${who} lists only anyExtendedKeyUsage, not serverAuth.`);
      else x.fail('ext_key_usage', 0, `${who} has extended key usage ${ekuWords(eku.oids)} without serverAuth${eku.oids.includes(EKU.clientAuth) ? '; it is a client certificate' : ''}.`);
    } else {
      const bad = eku.oids.filter((o) => FORBIDDEN_SERVER_EKUS.has(o));
      if (bad.length) x.rule('leaf_eku_forbidden', 'ext_key_usage', 0, `${who} lists ${ekuWords(bad)} next to serverAuth, which a TLS server certificate must not.`);
    }
    if (extInfo(c, '2.5.29.37')?.critical) x.rule('leaf_eku_critical', 'profile', 0, `${who} marks extended key usage critical, which the Web PKI forbids for server certificates.`);
  } else if (x.purposeEku && eku && !eku.oids.includes(x.purposeEku) && !eku.oids.includes(EKU.any)) {
    x.fail('ext_key_usage', 0, `${who} has extended key usage ${ekuWords(eku.oids)} without ${EKU_NAMES[x.purposeEku] ?? x.purposeEku}${eku.oids.includes(EKU.serverAuth) ? '; it is a server certificate' : ''}.`);
  }
  if (ku && x.opts.purpose !== 'any') {
    const ok = ku.usages.some((u) => u === 'digitalSignature' || u === 'keyAgreement' || (x.server && u === 'keyEncipherment'));
    if (!ok) x.fail('key_usage', 0, `${who} has key usage ${ku.usages.join(', ') || '(none)'}, unsuitable for TLS ${x.opts.purpose} authentication.`);
  }
  // RFC 5280 lets a CA certificate be the end-entity (x509-limbo rfc5280::ca-as-leaf), but not one
  // whose own extensions contradict each other (cA without keyCertSign); TLS clients refuse a CA
  // as a server certificate (webpki::ca-as-leaf).
  if (bc?.ca && ku && !ku.usages.includes('keyCertSign')) x.fail('profile', 0, `${who} is a CA certificate whose key usage lacks keyCertSign, used as an end-entity certificate.`);
  if (bc?.ca && x.tlsServer) x.rule('ca_as_leaf', 'profile', 0, `${who} is a CA certificate used as a server certificate.`);
  const names = sans(c);
  const san = extInfo(c, '2.5.29.17');
  if (x.tlsServer) {
    if (c.version < 3) x.rule('leaf_not_v3', 'profile', 0, `${who} is a version ${c.version} certificate, which cannot carry the subjectAltName a server certificate needs.`);
    if (san?.critical && c.subject.attributes.length > 0) x.rule('san_critical_with_subject', 'profile', 0, `${who} marks subjectAltName critical while its subject is not empty.`);
    if (!names.length) x.fail('hostname_mismatch', 0, `${who} has no subjectAltName, and the common name is not used for host names.`);
    for (const a of c.subject.attributes) {
      if (a.oid !== '2.5.4.3' || (!x.server && !cnLooksLikeHost(a.value))) continue;
      const ip = parseIp(a.value);
      const inSan = names.some((n) => (n.type === 'dns' && n.value === a.value) || (n.type === 'ip' && ip && n.bytesHex === toHex(ip) && formatIp(ip) === a.value));
      if (!inSan) x.rule('cn_not_in_san', 'profile', 0, `the common name "${a.value}" of ${who} is not one of its subjectAltNames.`);
    }
  }
  // A malformed dNSName is an error wherever a peer name is compared with it (both profiles).
  const comparing = !!x.opts.host && !parseIp(x.opts.host);
  for (const n of names) {
    if (n.type !== 'dns' || validDnsName(n.value)) continue;
    const msg = `${who} has an invalid DNS name "${n.value}" in its subjectAltName.`;
    if (comparing) x.fail('profile', 0, msg);
    else if (x.tlsServer) x.rule('invalid_dns_name', 'profile', 0, msg);
    else findings.push({ code: 'invalid_dns_name', severity: 'warning', message: msg, certIndex: 0 });
  }
  const saidNoSan = x.tlsServer && names.length === 0;
  for (const r of checkIdentity(c, x.opts)) if (!r.ok && !(saidNoSan && r.code === 'hostname_mismatch')) x.fail(r.code, 0, `${who}: ${r.message}.`);
}

export async function validatePath(path: PathCert[], opts: VerifyOptions, sig: SigCheck): Promise<PathVerdict> {
  const issues: ChainIssue[] = [];
  const findings: PathFinding[] = [];
  const profile = opts.profile ?? 'webpki';
  const server = opts.purpose === 'server';
  const x: Ctx = {
    path,
    opts,
    profile,
    // Certificate times have one-second granularity (x509-limbo rfc5280::validity::notafter-fractional).
    at: Math.floor(opts.at.getTime() / 1000) * 1000,
    last: path.length - 1,
    server,
    tlsServer: server || (opts.purpose === 'any' && !!(opts.host || opts.ip)),
    purposeEku: opts.purpose === 'server' ? EKU.serverAuth : opts.purpose === 'client' ? EKU.clientAuth : undefined,
    ncBudget: { left: NC_BUDGET },
    fail: (code, certIndex, message) => issues.push({ code, certIndex, message }),
    rule: (rule, code, certIndex, message) => {
      const level = levelOf(rule, profile);
      if (level === 'fail') issues.push({ code, certIndex, message });
      else findings.push({ code: rule, severity: level, message, certIndex });
    },
  };
  for (let i = 0; i < path.length; i++) {
    checkCert(x, i);
    if (i < x.last) await checkLink(x, i, sig);
    if (i > 0) checkIssuer(x, i);
  }
  checkLeaf(x, findings);
  if (path[x.last]!.trusted) {
    // Like pathLenConstraint, self-issued intermediates (key rollover) do not deepen the chain.
    const inter = path.slice(1, x.last).filter((p) => !isSelfIssued(p.cert)).length;
    if (opts.maxDepth !== undefined && inter > opts.maxDepth) x.fail('max_depth_exceeded', -1, `the chain has ${inter} intermediate certificate(s), more than the allowed depth ${opts.maxDepth}.`);
    for (const p of checkPolicies(path.slice(0, x.last).map((e) => e.cert).reverse())) x.fail('policy', p.index === -1 ? -1 : x.last - 1 - p.index, p.message);
  }
  return { issues, findings };
}
