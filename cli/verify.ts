/** `pem-inspector verify LEAF [--trusted FILE]... [--untrusted FILE]... [--crl FILE]... ...` */
import { rootCertificates } from 'node:tls';
import type { CertificateItem, Item } from '../core/types.js';
import { PROFILES, type ChainIssue, type ChainResult, type Profile, type Purpose, type VerifyOptions } from '../core/relations.js';
import { misplacedLeaf } from '../core/bundle.js';
import { verifyChain } from '../core/chain/index.js';
import { visibleText } from '../core/visible-text.js';
import { parseArgs, UsageError } from './args.js';
import { displayName, loadFile } from './files.js';
import { stringify } from './json.js';
import { styleFor, type Style } from './style.js';
import { HELP } from './usage.js';

class CannotAnswer extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** ISO-8601 date or date-time; a time without a zone is UTC, so results do not depend on the machine. */
export function parseIsoTime(text: string): Date | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(Number(y), month, 0)).getUTCDate()) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const z = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${z}`);
  return Number.isNaN(t) ? undefined : new Date(t);
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const looksLikeIp = (s: string) => IPV4.test(s) || (s.includes(':') && /^[0-9a-f:.]+$/i.test(s));

function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

async function loadItems(path: string, passwords: string[], role: string): Promise<Item[]> {
  const loaded = await loadFile(path, passwords);
  if (!loaded.ok) throw new CannotAnswer(loaded.code, loaded.message);
  const { items, errors } = loaded.result;
  if (items.length === 0) {
    const e = errors[0];
    throw new CannotAnswer(e?.code ?? 'empty', `${role} ${displayName(path)}: ${e?.message ?? 'nothing in it could be read.'}`);
  }
  return items;
}

const certDers = (items: Item[]) => items.filter((i) => i.kind === 'certificate').map((i) => i.der);

async function gather(path: string, passwords: string[], role: string, want: 'certificate' | 'crl'): Promise<Uint8Array[]> {
  const items = await loadItems(path, passwords, role);
  const ders = items.filter((i) => i.kind === want).map((i) => i.der);
  if (ders.length === 0) throw new CannotAnswer('no_' + want, `${role} ${displayName(path)} holds no ${want === 'crl' ? 'CRL' : 'certificate'}.`);
  return ders;
}

export async function verifyCommand(argv: string[]): Promise<number> {
  const args = parseArgs(
    argv,
    {
      flags: ['json'],
      single: ['at', 'host', 'ip', 'email', 'purpose', 'profile', 'max-depth'],
      multi: ['trusted', 'untrusted', 'crl', 'password'],
    },
    'verify',
  );
  if (args.help) {
    process.stdout.write(HELP.verify);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError(`verify takes exactly one LEAF file (got ${args.positionals.length})`, 'verify');
  const leafPath = args.positionals[0]!;

  let at = new Date();
  const atText = args.single.get('at');
  if (atText !== undefined) {
    const parsed = parseIsoTime(atText);
    if (!parsed) throw new UsageError(`--at '${atText}' is not an ISO-8601 time (e.g. 2030-01-01 or 2030-01-01T12:00:00Z)`, 'verify');
    at = parsed;
  }
  const purpose = (args.single.get('purpose') ?? 'server') as Purpose;
  if (!['server', 'client', 'any'].includes(purpose)) throw new UsageError(`--purpose must be server, client or any (got '${purpose}')`, 'verify');
  const profile = (args.single.get('profile') ?? 'webpki') as Profile;
  if (!PROFILES.includes(profile)) throw new UsageError(`--profile must be webpki or rfc5280 (got '${profile}')`, 'verify');
  let maxDepth: number | undefined;
  const depthText = args.single.get('max-depth');
  if (depthText !== undefined) {
    if (!/^\d{1,4}$/.test(depthText)) throw new UsageError(`--max-depth must be a whole number (got '${depthText}')`, 'verify');
    maxDepth = Number(depthText);
  }
  const targets = ['host', 'ip', 'email'].filter((k) => args.single.has(k));
  if (targets.length > 1) throw new UsageError('give only one of --host, --ip and --email', 'verify');
  let host = args.single.get('host');
  let ip = args.single.get('ip');
  // A TLS client asked for https://192.0.2.1/ checks an IP SAN, not a DNS name.
  if (host !== undefined && looksLikeIp(host)) [ip, host] = [host, undefined];

  const passwords = args.multi.get('password') ?? [];
  const json = args.flags.has('json');
  try {
    const leafItems = await loadItems(leafPath, passwords, 'LEAF');
    const leafCertItems = leafItems.filter((i): i is CertificateItem => i.kind === 'certificate');
    // A bundle whose first certificate is a CA that issued another one of the file is out of order:
    // check the chain from the real end-entity, and fail the verdict for the order itself.
    const misplaced = misplacedLeaf(leafCertItems);
    const leafIndex = misplaced?.endEntity ?? 0;
    const leafCerts = certDers(leafItems);
    const leaf = leafCerts[leafIndex];
    if (!leaf) {
      if (leafItems.some((i) => i.encrypted)) {
        throw new CannotAnswer('password_required', `LEAF ${displayName(leafPath)} is locked; give its password with --password.`);
      }
      throw new CannotAnswer('no_certificate', `LEAF ${displayName(leafPath)} holds no certificate.`);
    }

    const untrusted = leafCerts.filter((_, i) => i !== leafIndex);
    for (const p of args.multi.get('untrusted') ?? []) untrusted.push(...(await gather(p, passwords, '--untrusted', 'certificate')));
    const trusted: Uint8Array[] = [];
    const trustedPaths = args.multi.get('trusted');
    if (trustedPaths) {
      for (const p of trustedPaths) trusted.push(...(await gather(p, passwords, '--trusted', 'certificate')));
    } else {
      trusted.push(...rootCertificates.map(pemToDer));
    }
    const crls: Uint8Array[] = [];
    for (const p of args.multi.get('crl') ?? []) crls.push(...(await gather(p, passwords, '--crl', 'crl')));

    const opts: VerifyOptions = { trusted, untrusted, crls, at, purpose, profile, host, ip, email: args.single.get('email'), maxDepth };
    let result = await verifyChain(leaf, opts);
    if (misplaced) {
      const ee = leafCertItems[leafIndex]!;
      const order: ChainIssue = {
        code: 'bundle_order',
        certIndex: -1,
        message: `${displayName(leafPath)} is out of order: its first certificate (${leafCertItems[0]!.subject.text}) is a CA, and the end-entity is certificate ${leafIndex + 1} of the file (${ee.subject.text}); a server sends the first certificate as its own, so put the end-entity first. The chain below is checked from the end-entity.`,
      };
      result = { ...result, valid: false, issues: [order, ...result.issues] };
    }
    const hints = purposeHints(result, leafCertItems[leafIndex], purpose);
    if (json) {
      process.stdout.write(stringify(verifyJson(result, hints)));
    } else {
      process.stdout.write(formatChain(result, styleFor(process.stdout), !trustedPaths, hints));
    }
    return result.valid ? 0 : 1;
  } catch (e) {
    if (!(e instanceof CannotAnswer)) throw e;
    if (json) process.stdout.write(stringify({ valid: false, error: { code: e.code, message: e.message } }));
    process.stderr.write(`pem-inspector verify: ${e.code}: ${visibleText(e.message)}\n`);
    return 2;
  }
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** When the EKU refused the purpose asked for but permits the other one, say which --purpose fits. */
function purposeHints(r: ChainResult, leaf: CertificateItem | undefined, purpose: Purpose): string[] {
  if (!leaf || !r.issues.some((i) => i.code === 'ext_key_usage' && i.certIndex === 0)) return [];
  const eku = leaf.extensions.find((e) => e.data?.type === 'extKeyUsage')?.data;
  const oids = eku?.type === 'extKeyUsage' ? eku.oids : [];
  if (purpose === 'server' && oids.includes(CLIENT_AUTH) && !oids.includes(SERVER_AUTH)) return ['the certificate is for clientAuth (TLS client authentication): check it as a client certificate with --purpose client.'];
  if (purpose === 'client' && oids.includes(SERVER_AUTH) && !oids.includes(CLIENT_AUTH)) return ['the certificate is for serverAuth (a TLS server): check it as a server certificate with --purpose server.'];
  return [];
}

/** `verify --json` (docs/verify.schema.json): the profile, the verdict and its failures, every finding per certificate, rejected alternatives. */
export function verifyJson(r: ChainResult, hints: string[] = []) {
  return {
    profile: r.profile,
    valid: r.valid,
    chain: r.chain.map((l) => ({ subject: l.subject, issuer: l.issuer, sha256: l.sha256, trusted: l.trusted, status: l.status, findings: l.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })) })),
    issues: r.issues.map((i) => ({ code: i.code, certIndex: i.certIndex, message: i.message })),
    rejected: r.rejected.map((a) => ({ certIndex: a.certIndex, subject: a.subject, sha256: a.sha256, trusted: a.trusted, code: a.code, message: a.message })),
    hint: r.hint,
    hints: hints.length ? hints : undefined,
    notes: r.notes,
  };
}

export function formatChain(r: ChainResult, st: Style, systemRoots: boolean, hints: string[] = []): string {
  // Subjects, issuers and sentences quote the certificates: shown visibly (main.ts also guards the stream).
  const v = visibleText;
  const out: string[] = [`Chain (profile ${r.profile}):`];
  r.chain.forEach((l, i) => {
    const status = l.status === 'ok' ? st.green('✓ ok') : st.red('✗ invalid');
    out.push(`  [${i}] ${v(l.subject || '(empty subject)')} → ${v(l.issuer || '(empty issuer)')}  ${status}${l.trusted ? ' ' + st.cyan('[trusted]') : ''}`);
  });
  if (r.chain.length === 0) out.push(st.dim('  (no chain could be built)'));
  if (r.issues.length) {
    out.push('Issues:');
    for (const i of r.issues) out.push(st.red(`  ✗ [${i.certIndex}] ${i.code}: ${v(i.message)}`));
  }
  const findings = r.chain.flatMap((l, i) => l.findings.map((f) => ({ f, i })));
  if (findings.length) {
    out.push('Findings (not part of the verdict):');
    for (const { f, i } of findings) {
      const line = `  ! [${i}] ${f.code} (${f.severity}): ${v(f.message)}`;
      out.push(f.severity === 'info' ? st.dim(line) : st.yellow(line));
    }
  }
  if (r.rejected.length) {
    out.push('Rejected alternatives:');
    for (const a of r.rejected) out.push(st.dim(`  - for [${a.certIndex}]: ${v(a.subject)} (${a.code}): ${v(a.message)}`));
  }
  out.push(`Verdict: ${r.valid ? st.green('OK') : st.red('INVALID')}`);
  if (r.hint) out.push(`Hint: ${v(r.hint)}`);
  for (const h of hints) out.push(`Hint: ${h}`);
  for (const note of r.notes ?? []) out.push(`Note: ${v(note)}`);
  if (systemRoots && r.issues.some((i) => i.code === 'no_trusted_root')) {
    out.push(st.dim('Checked against the system roots; for a private CA give its root with --trusted FILE.'));
  }
  return out.join('\n') + '\n';
}
