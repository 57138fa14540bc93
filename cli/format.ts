/**
 * Human output of `inspect`: a concise `openssl x509 -text` that works for every kind.
 * Private material is announced on the item's first line, in words as well as colour, so it
 * survives pipes and colour blindness.
 */
import { colonHex } from '../core/bytes.js';
import { CONTAINER_NAMES } from '../core/containers.js';
import type { ExtensionInfo, Finding, Item, JwkInfo, PublicKeyInfo } from '../core/types.js';
import type { FileReport } from './json.js';
import type { Style } from './style.js';
import { shown } from './terminal.js';

const DAY_MS = 86_400_000;
const PAD = 13;

export { colonHex };

/** "expires in 12 days", "expired 3 days ago", "not valid for another 5 days". */
export function validityNote(notBefore: string, notAfter: string, now: Date, st: Style): string {
  const nb = Date.parse(notBefore);
  const na = Date.parse(notAfter);
  const t = now.getTime();
  if (Number.isNaN(nb) || Number.isNaN(na)) return '';
  if (t < nb) return st.yellow(`not valid yet: starts in ${days(nb - t)}`);
  if (t > na) return st.red(`expired ${days(t - na)} ago`);
  const left = na - t;
  const text = `expires in ${days(left)}`;
  return left < 30 * DAY_MS ? st.yellow(text) : st.green(text);
}

function days(ms: number): string {
  const n = Math.floor(ms / DAY_MS);
  return n === 1 ? '1 day' : `${n} days`;
}

export function keyText(algorithm?: string, bits?: number, curve?: string): string | undefined {
  if (!algorithm) return undefined;
  const parts = [algorithm];
  // Ed25519 or X448 name their size already; only RSA and DSA sizes vary.
  if (curve) parts.push(curve);
  else if (bits && /^(RSA|RSA-PSS|DSA)$/.test(algorithm)) parts.push(`${bits} bits`);
  return parts.join(' ');
}

function badge(item: Item, st: Style): string {
  const from = item.container ? st.dim(` (from ${CONTAINER_NAMES[item.container]})`) : '';
  switch (item.kind) {
    case 'certificate':
      return st.bold('Certificate') + from;
    case 'certificate-request':
      return st.bold('Certificate request (CSR)') + from;
    case 'crl':
      return st.bold('Certificate revocation list (CRL)') + from;
    case 'public-key':
      return st.bold('Public key') + from;
    case 'parameters':
      return st.bold('Key parameters') + st.dim(' (no key: parameters only)');
    case 'private-key':
      return item.encrypted
        ? st.secret('[locked] encrypted private key') + '  ' + st.yellow('⚠ secret; give --password to unlock') + from
        : st.secret('PRIVATE KEY') + '  ' + st.red('⚠ secret — keep it safe') + from;
    case 'secret-key':
      return (item.encrypted ? st.secret('[locked] SECRET KEY') : st.secret('SECRET KEY')) + '  ' + st.red('⚠ secret — keep it safe') + from;
    case 'pkcs12':
      return item.encrypted
        ? st.secret('[locked] PKCS#12 container') + '  ' + st.yellow('⚠ may hold a private key; give --password to unlock')
        : st.secret('PKCS#12 container') + '  ' + st.red('⚠ may hold a private key');
  }
}

function field(label: string, value: string | undefined): string[] {
  return value === undefined || value === '' ? [] : [`${(label + ':').padEnd(PAD)}${value}`];
}

function extensionLines(exts: ExtensionInfo[], st: Style): string[] {
  if (exts.length === 0) return [];
  const out = ['Extensions:'];
  for (const e of exts) {
    const flags = [e.critical ? 'critical' : '', e.status !== 'decoded' ? e.status : ''].filter(Boolean);
    const head = `  ${e.name}${flags.length ? ` (${flags.join(', ')})` : ''}:`;
    const body = e.status === 'decoded' && e.lines.length ? e.lines : [...e.lines, `raw ${e.rawHex}`];
    const joined = body.join(', ');
    // Short lists read best on one line; long ones (SANs, policies) one value per line.
    if (head.length + joined.length < 100 && !body.slice(0, -1).some((l) => l.includes(','))) out.push(`${head} ${joined}`);
    else out.push(head, ...body.map((l) => `      ${l}`));
    if (e.status === 'malformed') out[out.length - 1] = st.red(out[out.length - 1]!);
  }
  return out;
}

function publicKeyLines(pk: PublicKeyInfo | undefined): string[] {
  if (!pk) return [];
  const exp = pk.exponent ? `, exponent ${pk.exponent}` : '';
  return [
    ...field('Key', (keyText(pk.algorithm, pk.bits, pk.curve) ?? pk.oid) + exp),
    ...field('Key SHA-256', colonHex(pk.spkiSha256)),
  ];
}

function findingLine(f: Finding, st: Style): string {
  switch (f.severity) {
    case 'error':
      return st.red(`✗ error ${f.code}: ${f.message}`);
    case 'warning':
      return st.yellow(`⚠ warning ${f.code}: ${f.message}`);
    case 'info':
      return st.cyan(`ℹ info ${f.code}: ${f.message}`);
  }
}

/** A JWK's naming members: `kid "k1" · use sig · alg ES256`, then its RFC 7638 thumbprint. */
function jwkLines(jwk: JwkInfo): string[] {
  const parts = [
    jwk.kid !== undefined ? `kid ${JSON.stringify(jwk.kid)}` : undefined,
    jwk.use !== undefined ? `use ${jwk.use}` : undefined,
    jwk.alg !== undefined ? `alg ${jwk.alg}` : undefined,
    jwk.keyOps ? `key_ops ${jwk.keyOps.join(', ')}` : undefined,
  ].filter((p) => p !== undefined);
  return [...field('JWK', parts.join(' · ')), ...field('Thumbprint', jwk.thumbprint && `${jwk.thumbprint}  (RFC 7638, SHA-256)`)];
}

function body(item: Item, now: Date, st: Style): string[] {
  // Where a container kept it, and the name it gave it (PKCS#12 friendlyName, a keystore alias).
  const lines: string[] = [...field('Location', item.location), ...field('Name', item.friendlyName)];
  switch (item.kind) {
    case 'certificate':
      lines.push(
        ...field('Subject', item.subject.text || '(empty)'),
        ...field('Issuer', item.issuer.text + (item.selfIssued ? st.dim('  (self-issued)') : '')),
        ...field('Serial', colonHex(item.serial, false)),
        ...field('Valid', `${item.notBefore} → ${item.notAfter}  ${validityNote(item.notBefore, item.notAfter, now, st)}`),
        ...publicKeyLines(item.publicKey),
        ...field('Signature', item.signatureAlgorithm.name),
        ...field('Version', `v${item.version}`),
        ...extensionLines(item.extensions, st),
        ...field('SHA-256', colonHex(item.sha256)),
        ...field('SHA-1', colonHex(item.sha1)),
      );
      break;
    case 'certificate-request':
      lines.push(
        ...field('Subject', item.subject.text || '(empty)'),
        ...publicKeyLines(item.publicKey),
        ...field('Signature', item.signatureAlgorithm.name),
        ...field('Challenge', item.challengePassword ? 'has a challenge password' : undefined),
        ...field('Attributes', item.attributes.join(', ')),
        ...extensionLines(item.extensions, st),
        ...field('SHA-256', colonHex(item.sha256)),
      );
      break;
    case 'crl': {
      const next = item.nextUpdate ? `  next update ${item.nextUpdate}${Date.parse(item.nextUpdate) < now.getTime() ? '  ' + st.red('(overdue)') : ''}` : '';
      lines.push(
        ...field('Issuer', item.issuer.text),
        ...field('Updated', item.thisUpdate + next),
        ...field('CRL number', item.crlNumber),
        ...field('Signature', item.signatureAlgorithm.name),
        ...field('Revoked', `${item.revoked.length} certificate${item.revoked.length === 1 ? '' : 's'}`),
        ...item.revoked.slice(0, 20).map((r) => `  ${colonHex(r.serial, false)}  ${r.date}${r.reason ? `  ${r.reason}` : ''}`),
        ...(item.revoked.length > 20 ? [st.dim(`  ... and ${item.revoked.length - 20} more (see --json)`)] : []),
        ...extensionLines(item.extensions, st),
        ...field('SHA-256', colonHex(item.sha256)),
      );
      break;
    }
    case 'public-key':
      lines.push(...publicKeyLines(item.publicKey), ...field('Comment', item.comment), ...field('SHA-256', colonHex(item.sha256)));
      break;
    case 'private-key': {
      const pk = item.publicKey;
      lines.push(
        ...field('Key', keyText(pk?.algorithm ?? item.algorithm, pk?.bits ?? item.bits, pk?.curve ?? item.curve) ?? 'unknown until unlocked'),
        ...field('Protection', item.encryption ?? (item.encrypted ? 'encrypted' : st.red('none: the key is stored in the clear'))),
        ...field('Comment', item.comment),
        ...(pk ? field('Key SHA-256', colonHex(pk.spkiSha256) + st.dim('  (of the public half)')) : []),
      );
      break;
    }
    case 'secret-key':
      // The algorithm and size only: a secret key's bytes are never printed.
      lines.push(...field('Key', item.algorithm ? `${item.algorithm}${item.bits ? ` ${item.bits} bits` : ''}` : 'unknown until unlocked'), ...field('Protection', item.encryption));
      break;
    case 'pkcs12':
      lines.push(...field('Protection', item.encryption), ...field('SHA-256', colonHex(item.sha256)));
      break;
    case 'parameters':
      lines.push(...field('Algorithm', item.algorithm), ...field('Curve', item.curve));
      break;
  }
  if (item.jwk) lines.push(...jwkLines(item.jwk));
  for (const w of item.warnings) lines.push(st.yellow(`⚠ note ${w.code}: ${w.message}`));
  for (const f of item.findings) lines.push(findingLine(f, st));
  return lines;
}

/*
 * A file's report in pieces, for streaming and the worker pool: the head line (it counts the
 * items and errors, so it is written once the file is read), each item (its number filled in by
 * whoever joins them), and the error lines. `formatFile` is exactly their concatenation.
 */

/** The head line of a file's report (`path` already made visible). */
export function fileHeadText(path: string, items: number, errors: number, st: Style): string {
  const summary = [`${items} item${items === 1 ? '' : 's'}`];
  if (errors) summary.push(st.red(`${errors} error${errors === 1 ? '' : 's'}`));
  return `${st.bold(path)}  ${st.dim('—')} ${summary.join(', ')}\n`;
}

/** Text before an item's number. */
export const ITEM_NUMBER_HEAD = '  [';

/** An item's text after its number (`  [` + number + this), every file-derived string made visible. */
export function itemTextTail(item: Item, now: Date, st: Style): string {
  const shownItem = shown(item);
  let out = `] ${badge(shownItem, st)}\n`;
  for (const l of body(shownItem, now, st)) out += `      ${l}\n`;
  return out;
}

/** The error lines that end a file's report. */
export function errorLinesText(errors: FileReport['errors'], st: Style): string {
  let out = '';
  for (const e of shown(errors)) out += st.red(`  ✗ error ${e.code}: ${e.message}`) + '\n';
  return out;
}

/** A file's human report. Every file-derived string is made visible first (terminal.ts). */
export function formatFile(report: FileReport, now: Date, st: Style): string {
  let out = fileHeadText(shown(report.path), report.items.length, report.errors.length, st);
  report.items.forEach((item, i) => {
    out += ITEM_NUMBER_HEAD + (i + 1) + itemTextTail(item, now, st);
  });
  return out + errorLinesText(report.errors, st);
}
