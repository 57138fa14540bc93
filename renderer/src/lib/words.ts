/**
 * The window's language. Core speaks to the command line too (codes, `--trusted`, ISO times,
 * raw format names); here every such sentence is put in the words people read in a window,
 * with the code kept as secondary detail where it helps someone searching for it.
 */
import type { ErrorCode, Finding, Format, Item } from '../../../core/types.js';
import type { ChainIssueCode, Profile } from '../../../core/relations.js';
import { formatDate, plural } from './format.js';

/** How an item was encoded, in words (the raw name stays available as detail). */
export const FORMAT_WORDS: Record<Format, string> = {
  pem: 'PEM text',
  der: 'binary (DER)',
  pkcs1: 'traditional RSA key (PKCS #1)',
  pkcs8: 'standard private key (PKCS #8)',
  sec1: 'traditional EC key (SEC 1)',
  spki: 'standard public key (SubjectPublicKeyInfo)',
  dsa: 'traditional DSA key',
  openssh: 'OpenSSH key',
  ssh2: 'SSH2 public key (RFC 4716)',
  pkcs7: 'certificate bundle (PKCS #7)',
  pkcs12: 'PKCS #12 container',
  jks: 'Java keystore (JKS)',
  jceks: 'Java keystore (JCEKS)',
  jwk: 'JSON Web Key',
  ppk: 'PuTTY key',
  kubernetes: 'Kubernetes manifest',
  kubeconfig: 'kubeconfig',
  raw: 'raw bytes',
};

/** A title for each reason a file could not be read; the core's sentence follows it. */
export const ERROR_TITLES: Record<ErrorCode, string> = {
  empty: 'The file is empty',
  pem_armor_mismatch: 'A PEM block is not closed properly',
  base64_invalid: 'The text inside a PEM block is damaged',
  der_invalid: 'The binary structure is damaged',
  unknown_format: 'Not a certificate or key this app knows',
  password_required: 'A password is needed',
  password_wrong: 'The password is wrong',
  unsupported_algorithm: 'It uses an algorithm this app cannot read',
  too_large: 'Too large to read',
  limit_exceeded: 'Stopped at a safety limit',
};

/** A few words per chain problem, for badges ("chain invalid: untrusted root"). */
export const CHAIN_WORDS: Record<ChainIssueCode, string> = {
  expired: 'expired',
  bundle_order: 'bundle out of order',
  not_yet_valid: 'not valid yet',
  bad_signature: 'bad signature',
  unsupported_signature_algorithm: 'unknown signature type',
  weak_signature_algorithm: 'weak signature',
  weak_key: 'weak key',
  name_chaining: 'names do not link',
  not_ca: 'issuer is not a CA',
  path_len_exceeded: 'too many CAs below a limit',
  key_usage: 'key usage forbids it',
  ext_key_usage: 'purpose not allowed',
  name_constraints: 'name not allowed by a CA',
  unknown_critical_extension: 'unknown critical extension',
  aki_ski_mismatch: 'key identifiers disagree',
  max_depth_exceeded: 'chain too long',
  revoked: 'revoked',
  crl_invalid: 'revocation list unusable',
  crl_missing: 'no revocation list',
  hostname_mismatch: 'wrong host name',
  ip_mismatch: 'wrong IP address',
  email_mismatch: 'wrong e-mail address',
  no_trusted_root: 'untrusted root',
  self_signed_leaf: 'self-signed, not trusted',
  policy: 'policy not allowed',
  malformed: 'unreadable certificate',
  profile: 'breaks a profile rule',
  work_limit: 'too much work to check',
};

/** The verification profiles by name, each with the one line that says what it checks. */
export const PROFILE_WORDS: Record<Profile, { name: string; line: string }> = {
  webpki: {
    name: 'Web PKI rules',
    line: 'What browsers and TLS clients enforce: path validation with their rules (purpose, names in subjectAltName, no SHA-1, RSA of 2048 bits or more); RFC 5280 details they tolerate are findings.',
  },
  rfc5280: {
    name: 'RFC 5280 only',
    line: 'Path validation by the letter of RFC 5280, nothing more: rules that only browsers add are findings, not failures.',
  },
};

const ISO_TIME = /\b(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)\b/g;

/**
 * A core sentence in the window's words: times in the one date format of the window, counts
 * without "(s)", and no command-line options (the window has no `--trusted`: loading a file is
 * how a certificate is given, and roots loaded here are trusted until untoggled).
 */
export function windowWords(text: string): string {
  return text
    .replace(ISO_TIME, (iso) => formatDate(iso))
    .replace(/add the issuer with --trusted or the missing intermediate with --untrusted/g, 'load the issuer (a root, trusted here once loaded) or the missing intermediate')
    .replace(/ \(--trusted FILE\)/g, ' (in this window: load it and keep “Trust this root in this window” ticked)')
    .replace(/ \(--client-cert FILE --client-key FILE\)/g, ' (choose a client certificate in the walkthrough)')
    .replace(/ with --trusted\b/g, ' as a trusted root')
    .replace(/ with --untrusted\b/g, ' as an intermediate')
    .replace(/--purpose (server|client|any)\b/g, (_, p: string) => `the ${p === 'any' ? 'any-purpose' : p} check`);
}

/** A finding's sentence for the window. */
export function findingText(f: Finding): string {
  return windowWords(f.message);
}

/**
 * Findings that say a name may not be what it looks like (core/lint-names.ts: lookalike scripts,
 * hidden characters, malformed IA5 names): rows and titles warn about these at a glance.
 */
const NAME_WARNINGS = new Set(['name_mixed_scripts', 'name_hidden_characters', 'san_invalid_name']);

export function nameWarnings(item: Item): Finding[] {
  return item.findings.filter((f) => NAME_WARNINGS.has(f.code));
}

/** How a key or container is protected: words first, the exact scheme as detail. */
export function protection(item: Item): { words: string; detail?: string } {
  const scheme = 'encryption' in item ? item.encryption : undefined;
  if (item.kind === 'pkcs12') return { words: item.encrypted ? 'locked with a password' : 'opened with its password', detail: scheme };
  if (item.encrypted) return { words: 'locked with a password', detail: scheme };
  if (scheme) return { words: 'was locked with a password; unlocked in memory only', detail: scheme };
  return { words: 'none: stored in the clear' };
}

/** "1 finding", "3 findings (1 error, 2 warnings)". */
export function findingCount(findings: readonly Finding[]): string {
  const by = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const parts = [['error', by('error')], ['warning', by('warning')], ['note', by('info')]] as const;
  const detail = parts.filter(([, n]) => n > 0).map(([w, n]) => plural(n, w));
  return detail.length > 1 ? `${plural(findings.length, 'finding')} (${detail.join(', ')})` : (detail[0] ?? 'no findings');
}
