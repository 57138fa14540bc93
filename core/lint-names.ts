/**
 * Findings about the names a certificate or request carries, for the lookalike and malformed names
 * people are fooled by (issue 11):
 *
 * - `name_hidden_characters` (warning): a control, bidi or invisible character (the ones
 *   `visibleText` rewrites) in any name string: subject and issuer attributes, subjectAltName and
 *   issuerAltName values, key comments and friendly names. A U+202E reverses what follows it; a
 *   zero-width space hides inside "pay<U+200B>pal".
 * - `name_mixed_scripts` (warning): one word of a subject attribute, or one label of a dNSName
 *   (IDN A-labels decoded, RFC 3492), mixes letters of scripts that are not used together (UTS #39
 *   "highly restrictive": one script, or Latin with Han and Hiragana/Katakana, Bopomofo or Hangul).
 *   A Cyrillic "а" in "аpple.com" is the classic case.
 * - `san_invalid_name` (error): a subjectAltName entry `verify` rejects or cannot use: a dNSName
 *   that is not LDH labels with an optional leading `*.` (RFC 5280 §4.2.1.6, RFC 1034 §3.5: a soft
 *   hyphen 0xAD, an underscore, a space), an rfc822Name that is not one mailbox (two `@`, spaces,
 *   non-ASCII), a URI that is not RFC 3986 (spaces, non-ASCII, no scheme).
 */
import type { Finding, GeneralName, Item, NameAttribute } from './types.js';
import { hasHiddenCharacters, hiddenCharacters, visibleText } from './visible-text.js';

/**
 * A dNSName as RFC 5280 §4.2.1.6 / RFC 1034 allow it (LDH labels), with an optional leading `*.`
 * label: the rule `verify` applies (core/chain/names.ts validDnsName; a test keeps them equal).
 */
export function validDnsName(name: string): boolean {
  const labels = name.replace(/\.$/, '').split('.');
  if (labels[0] === '*') labels.shift();
  return labels.length > 0 && name.length <= 253 && labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
}

/** Why an rfc822Name is not one mailbox (RFC 5280 §4.2.1.6, RFC 5321 §4.1.2), or undefined. */
export function emailProblem(email: string): string | undefined {
  if (/[^\x21-\x7e]/.test(email)) return 'it holds spaces, control characters or non-ASCII bytes';
  const at = email.split('@').length - 1;
  // A name constraint may be a bare domain or ".domain"; a certificate's own address has one @.
  if (at !== 1) return at === 0 ? 'it has no @' : `it has ${at} @ signs`;
  const [local, domain] = email.split('@') as [string, string];
  if (!local) return 'its local part is empty';
  if (!validDnsName(domain) || domain.startsWith('*')) return `its domain "${domain}" is not a valid host name`;
  return undefined;
}

/** Characters RFC 3986 allows in a URI (unreserved, reserved, and % for escapes). */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

/** Why a uniformResourceIdentifier is not an RFC 3986 URI, or undefined. */
export function uriProblem(uri: string): string | undefined {
  if (!URI_CHARS.test(uri)) return /\s/.test(uri) ? 'it holds white space' : 'it holds characters a URI may not (controls, non-ASCII, quotes, <, >, \\, ^, `, {, |, })';
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) return 'it has no scheme (such as https:)';
  if (/%(?![0-9A-Fa-f]{2})/.test(uri)) return 'it has a % that is not an escape';
  return undefined;
}

// ---- punycode (RFC 3492 §6.2), for IDN A-labels -------------------------------------------------

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

const digit = (c: number) => (c >= 48 && c <= 57 ? c - 22 : c >= 65 && c <= 90 ? c - 65 : c >= 97 && c <= 122 ? c - 97 : BASE);

/** The Unicode form of a punycode string (the part after `xn--`), or undefined when it is not valid. */
export function punycodeDecode(input: string): string | undefined {
  if (input.length > 63) return undefined;
  const out: number[] = [];
  const b = input.lastIndexOf('-');
  for (let j = 0; j < Math.max(b, 0); j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return undefined;
    out.push(c);
  }
  let n = 128;
  let i = 0;
  let bias = 72;
  for (let p = b > 0 ? b + 1 : 0; p < input.length; ) {
    const old = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (p >= input.length) return undefined;
      const d = digit(input.charCodeAt(p++));
      if (d >= BASE) return undefined;
      i += d * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (d < t) break;
      w *= BASE - t;
      if (i > 0x10ffff * 64) return undefined;
    }
    bias = adapt(i - old, out.length + 1, old === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff) return undefined;
    out.splice(i++, 0, n);
  }
  try {
    return String.fromCodePoint(...out);
  } catch {
    return undefined;
  }
}

/** A dNSName with its A-labels (`xn--…`) decoded, or undefined when it has none or one is invalid. */
export function unicodeDnsName(name: string): string | undefined {
  if (!/(^|\.)xn--/i.test(name)) return undefined;
  const labels = name.split('.').map((l) => (/^xn--/i.test(l) ? punycodeDecode(l.slice(4)) : l));
  return labels.some((l) => l === undefined) ? undefined : labels.join('.');
}

// ---- scripts -------------------------------------------------------------------------------------

const SCRIPTS: [string, RegExp][] = [
  'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Cherokee', 'Han', 'Hiragana', 'Katakana',
  'Hangul', 'Bopomofo', 'Thai', 'Lao', 'Devanagari', 'Bengali', 'Tamil', 'Telugu', 'Gujarati', 'Gurmukhi', 'Kannada', 'Malayalam', 'Sinhala',
  'Ethiopic', 'Khmer', 'Myanmar', 'Tibetan', 'Mongolian', 'Canadian_Aboriginal', 'Coptic', 'Runic', 'Ogham', 'Tifinagh', 'Vai', 'Nko', 'Lisu',
].map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')]);

/** Script combinations used together (UTS #39 §5.2 "Highly Restrictive"). */
const ALLOWED_MIXES = [new Set(['Latin', 'Han', 'Hiragana', 'Katakana']), new Set(['Latin', 'Han', 'Bopomofo']), new Set(['Latin', 'Han', 'Hangul'])];

function scriptOf(ch: string): string {
  for (const [name, re] of SCRIPTS) if (re.test(ch)) return name;
  return 'another script';
}

/** The scripts of one word's letters when they are not used together, else undefined. */
export function mixedScripts(word: string): string[] | undefined {
  const scripts = new Set<string>();
  // Letters of the Common and Inherited scripts (the Japanese long-vowel mark ー, modifier letters) belong to any script.
  for (const ch of word) if (/\p{L}/u.test(ch) && !/[\p{Script=Common}\p{Script=Inherited}]/u.test(ch)) scripts.add(scriptOf(ch));
  if (scripts.size < 2) return undefined;
  if (ALLOWED_MIXES.some((ok) => [...scripts].every((s) => ok.has(s)))) return undefined;
  return [...scripts];
}

const words = (s: string) => s.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
const ascii = (s: string) => /^[\x00-\x7f]*$/.test(s);
const list = (xs: string[]) => (xs.length < 3 ? xs.join(' and ') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

// ---- findings --------------------------------------------------------------------------------------

function hidden(what: string, value: string): Finding | undefined {
  if (!hasHiddenCharacters(value)) return undefined;
  return {
    code: 'name_hidden_characters',
    severity: 'warning',
    message: `${what} "${visibleText(value)}" holds hidden or control characters (${hiddenCharacters(value).join(', ')}): it may not read as it is.`,
  };
}

function attributeFindings(where: string, attrs: NameAttribute[], out: Finding[]): void {
  for (const a of attrs) {
    const what = `The ${where} ${a.name}`;
    const h = hidden(what, a.value);
    if (h) out.push(h);
    if (ascii(a.value)) continue;
    for (const w of words(a.value)) {
      const mix = mixedScripts(w);
      if (mix) {
        out.push({ code: 'name_mixed_scripts', severity: 'warning', message: `${what} "${visibleText(a.value)}" mixes ${list(mix)} letters in "${visibleText(w)}": it may imitate another name.` });
        break;
      }
    }
  }
}

function generalNameFindings(ext: string, names: GeneralName[], out: Finding[], strict: boolean): void {
  for (const n of names) {
    const what = `The ${ext} ${n.type === 'dns' ? 'DNS name' : n.type === 'email' ? 'e-mail address' : n.type === 'uri' ? 'URI' : 'name'}`;
    const h = hidden(what, n.value);
    if (h) out.push(h);
    if (n.type === 'dns') {
      if (strict && !validDnsName(n.value)) {
        out.push({ code: 'san_invalid_name', severity: 'error', message: `${what} "${visibleText(n.value)}" is not a valid host name (only letters, digits and hyphens in dot-separated labels, an optional leading *.); clients reject it and may show it as another name.` });
      }
      const unicode = unicodeDnsName(n.value) ?? (ascii(n.value) ? undefined : n.value);
      if (unicode) {
        for (const label of unicode.split('.')) {
          const mix = mixedScripts(label);
          if (mix) {
            const reads = unicode !== n.value ? ` reads as "${visibleText(unicode)}" and` : '';
            out.push({ code: 'name_mixed_scripts', severity: 'warning', message: `${what} "${visibleText(n.value)}"${reads} mixes ${list(mix)} letters in "${visibleText(label)}": it may imitate another name.` });
            break;
          }
        }
      }
    } else if (strict && n.type === 'email') {
      const why = emailProblem(n.value);
      if (why) out.push({ code: 'san_invalid_name', severity: 'error', message: `${what} "${visibleText(n.value)}" is not one valid mailbox: ${why}.` });
    } else if (strict && n.type === 'uri') {
      const why = uriProblem(n.value);
      if (why) out.push({ code: 'san_invalid_name', severity: 'error', message: `${what} "${visibleText(n.value)}" is not a valid URI: ${why}.` });
    }
  }
}

/** Name findings for one item (certificates and requests; key comments and friendly names of any item). */
export function nameFindings(item: Item): Finding[] {
  const out: Finding[] = [];
  if (item.kind === 'certificate' || item.kind === 'certificate-request') {
    attributeFindings('subject', item.subject.attributes, out);
    if (item.kind === 'certificate') attributeFindings('issuer', item.issuer.attributes, out);
    for (const e of item.extensions) {
      if (e.data?.type === 'subjectAltName') generalNameFindings('subjectAltName', e.data.names, out, true);
      else if (e.data?.type === 'issuerAltName') generalNameFindings('issuerAltName', e.data.names, out, false);
    }
  } else if (item.kind === 'crl') {
    attributeFindings('issuer', item.issuer.attributes, out);
  }
  if ('comment' in item && item.comment) {
    const h = hidden('The key comment', item.comment);
    if (h) out.push(h);
  }
  if (item.friendlyName) {
    const h = hidden('The friendly name', item.friendlyName);
    if (h) out.push(h);
  }
  return out;
}
