/** `pem-inspector verify LEAF [--trusted FILE]... [--untrusted FILE]... [--crl FILE]... ...` */
import { rootCertificates } from 'node:tls';
import type { Item } from '../core/types.js';
import type { ChainResult, Purpose, VerifyOptions } from '../core/relations.js';
import { verifyChain } from '../core/chain/index.js';
import { parseArgs, UsageError } from './args.js';
import { displayName, loadFile } from './files.js';
import { stringify } from './json.js';
import { styleFor, type Style } from './style.js';
import { shown } from './terminal.js';
import { visibleText } from '../core/visible-text.js';
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
      single: ['at', 'host', 'ip', 'email', 'purpose', 'max-depth'],
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
    const leafCerts = certDers(leafItems);
    const leaf = leafCerts[0];
    if (!leaf) {
      if (leafItems.some((i) => i.encrypted)) {
        throw new CannotAnswer('password_required', `LEAF ${displayName(leafPath)} is locked; give its password with --password.`);
      }
      throw new CannotAnswer('no_certificate', `LEAF ${displayName(leafPath)} holds no certificate.`);
    }

    const untrusted = leafCerts.slice(1);
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

    const opts: VerifyOptions = { trusted, untrusted, crls, at, purpose, host, ip, email: args.single.get('email'), maxDepth };
    const result = await verifyChain(leaf, opts);
    if (json) {
      process.stdout.write(stringify({ valid: result.valid, chain: result.chain.map((l) => ({ ...l })), issues: result.issues.map((i) => ({ ...i })), hint: result.hint, notes: result.notes }));
    } else {
      process.stdout.write(formatChain(result, styleFor(process.stdout), !trustedPaths));
    }
    return result.valid ? 0 : 1;
  } catch (e) {
    if (!(e instanceof CannotAnswer)) throw e;
    if (json) process.stdout.write(stringify({ valid: false, error: { code: e.code, message: e.message } }));
    process.stderr.write(`pem-inspector verify: ${e.code}: ${visibleText(e.message)}\n`);
    return 2;
  }
}

export function formatChain(result: ChainResult, st: Style, systemRoots: boolean): string {
  // Subjects, issuers and issue sentences quote the certificates: shown visibly (terminal.ts).
  const r = shown(result);
  const out: string[] = ['Chain:'];
  r.chain.forEach((l, i) => {
    const status = l.status === 'ok' ? st.green('✓ ok') : st.red('✗ invalid');
    out.push(`  [${i}] ${l.subject || '(empty subject)'} → ${l.issuer || '(empty issuer)'}  ${status}${l.trusted ? ' ' + st.cyan('[trusted]') : ''}`);
  });
  if (r.chain.length === 0) out.push(st.dim('  (no chain could be built)'));
  if (r.issues.length) {
    out.push('Issues:');
    for (const i of r.issues) out.push(st.red(`  ✗ [${i.certIndex}] ${i.code}: ${i.message}`));
  }
  out.push(`Verdict: ${r.valid ? st.green('OK') : st.red('INVALID')}`);
  if (r.hint) out.push(`Hint: ${r.hint}`);
  for (const note of r.notes ?? []) out.push(`Note: ${note}`);
  if (systemRoots && r.issues.some((i) => i.code === 'no_trusted_root')) {
    out.push(st.dim('Checked against the system roots; for a private CA give its root with --trusted FILE.'));
  }
  return out.join('\n') + '\n';
}
