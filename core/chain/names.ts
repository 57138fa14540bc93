/**
 * Name checks: the reference identity (RFC 6125 host, IP, email) against a leaf's
 * subjectAltName, and RFC 5280 §4.2.1.10 name constraints. The common name is never used as a
 * host name (CA/B Forum, Chrome, Go); it is only checked by name constraints when a leaf has no
 * SAN, because some verifiers would still fall back to it.
 */
import { fromHex, toHex } from '../bytes.js';
import { readRoot } from '../der.js';
import { readName } from '../names.js';
import { nameWithin } from './dn.js';
import type { CertificateItem, DistinguishedName, GeneralName } from '../types.js';

/** Dotted IPv4 (strict: no leading zeros) or IPv6 (with `::` and an embedded IPv4 tail) → bytes. */
export function parseIp(text: string): Uint8Array | undefined {
  const s = text.trim().replace(/^\[|\]$/g, '');
  if (/^\d+(\.\d+){3}$/.test(s)) {
    const parts = s.split('.');
    if (parts.some((p) => (p.length > 1 && p[0] === '0') || Number(p) > 255)) return undefined;
    return Uint8Array.from(parts.map(Number));
  }
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  let groups: number[] = [];
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const bits = h.split(':');
    for (const [i, b] of bits.entries()) {
      if (i === bits.length - 1 && b.includes('.')) {
        const v4 = parseIp(b);
        if (!v4 || v4.length !== 4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(b)) out.push(parseInt(b, 16));
      else return undefined;
    }
    return out;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 2) {
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return undefined;
    groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  } else groups = head;
  if (groups.length !== 8) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

function normHost(h: string): string {
  return h.toLowerCase().replace(/\.$/, '');
}

/**
 * Registrable-domain suffixes under which a wildcard would cover many owners. Not the whole
 * Public Suffix List (too large to ship in core): the multi-label suffixes most often met.
 */
const PUBLIC_SUFFIXES = new Set(['co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'me.uk', 'ltd.uk', 'plc.uk', 'net.uk', 'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'co.nz', 'org.nz', 'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'co.kr', 'co.in', 'com.br', 'com.cn', 'com.mx', 'com.tr', 'com.tw', 'com.hk', 'com.sg', 'co.za', 'github.io', 'gitlab.io', 'appspot.com', 'herokuapp.com', 'blogspot.com', 'cloudfront.net', 'azurewebsites.net', 'pages.dev', 'workers.dev', 'vercel.app', 'netlify.app', 'fly.dev', 's3.amazonaws.com', 'firebaseapp.com', 'web.app']);

/** RFC 6125 §6.4: `*` only as the whole left-most label, over at least two more labels. */
export function dnsMatches(pattern: string, host: string): boolean {
  const p = normHost(pattern);
  const h = normHost(host);
  if (!p || !h || !/^[a-z0-9.*-]+$/.test(p)) return false;
  if (!p.includes('*')) return p === h;
  const labels = p.split('.');
  if (labels[0] !== '*' || labels.slice(1).some((l) => l.includes('*') || l === '') || labels.length < 3) return false;
  if (PUBLIC_SUFFIXES.has(labels.slice(1).join('.'))) return false;
  const hl = h.split('.');
  if (hl.length !== labels.length || hl[0] === '') return false;
  return hl.slice(1).join('.') === labels.slice(1).join('.');
}

export function sans(cert: CertificateItem): GeneralName[] {
  for (const e of cert.extensions) if (e.data?.type === 'subjectAltName') return e.data.names;
  return [];
}

export type IdentityCheck = { ok: true } | { ok: false; code: 'hostname_mismatch' | 'ip_mismatch' | 'email_mismatch'; message: string };

export function checkIdentity(leaf: CertificateItem, want: { host?: string; ip?: string; email?: string }): IdentityCheck[] {
  const names = sans(leaf);
  const list = (t: string) => names.filter((n) => n.type === t).map((n) => n.value);
  const out: IdentityCheck[] = [];
  const hostIp = want.host ? parseIp(want.host) : undefined;
  const ip = want.ip ?? (hostIp ? want.host : undefined);
  if (want.host && !hostIp) {
    const ok = names.some((n) => n.type === 'dns' && dnsMatches(n.value, want.host!));
    if (!ok) out.push({ ok: false, code: 'hostname_mismatch', message: `the host name ${want.host} is not among the certificate's DNS names (${list('dns').join(', ') || 'none'}); the common name is not used` });
  }
  if (ip !== undefined) {
    const want4 = parseIp(ip);
    const ok = !!want4 && names.some((n) => n.type === 'ip' && n.bytesHex === toHex(want4));
    if (!ok) out.push({ ok: false, code: 'ip_mismatch', message: `the IP address ${ip} is not among the certificate's IP addresses (${list('ip').join(', ') || 'none'})` });
  }
  if (want.email) {
    const ok = names.some((n) => n.type === 'email' && emailEquals(n.value, want.email!));
    if (!ok) out.push({ ok: false, code: 'email_mismatch', message: `the email address ${want.email} is not among the certificate's email addresses (${list('email').join(', ') || 'none'})` });
  }
  return out;
}

const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const QUOTED = /^"([\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;

/**
 * An rfc822Name is an RFC 5321 Mailbox (RFC 5280 §4.2.1.6): a dot-atom or quoted local part, `@`,
 * and a host name. `invalid@address@example.com` is not one: its local part holds an unquoted `@`.
 */
function splitEmail(e: string): [string, string] | undefined {
  const at = e.lastIndexOf('@');
  if (at <= 0 || at === e.length - 1) return undefined;
  const local = e.slice(0, at);
  const domain = e.slice(at + 1);
  if (!DOT_ATOM.test(local) && !QUOTED.test(local)) return undefined;
  if (domain.startsWith('*') || !validDnsName(domain)) return undefined;
  return [local, domain.toLowerCase()];
}

export function validMailbox(e: string): boolean {
  return splitEmail(e) !== undefined;
}

function emailEquals(a: string, b: string): boolean {
  const x = splitEmail(a);
  const y = splitEmail(b);
  return !!x && !!y && x[0] === y[0] && x[1] === y[1];
}

// ---------------------------------------------------------------------------------------------
// Name constraints

function dnsInTree(name: string, c: string): boolean {
  const n = normHost(name);
  const t = normHost(c);
  if (t === '') return true;
  return n === t || n.endsWith('.' + t);
}

/**
 * Whether a wildcard SAN could stand for a name inside the subtree `c` even though the pattern
 * itself is not inside it: "*.example.com" would accept the peer "bar.example.com", so an
 * excluded subtree "bar.example.com" must catch it (CVE-2025-61727, x509-limbo cve::cve-2025-61727).
 */
function wildcardReaches(name: string, c: string): boolean {
  const n = normHost(name);
  const t = normHost(c);
  if (!n.startsWith('*.')) return false;
  const dot = t.indexOf('.');
  return dot > 0 && t.slice(dot + 1) === n.slice(2);
}

function ipInTree(bytes: Uint8Array, c: GeneralName): boolean {
  const cb = fromHex(c.type === 'ip' ? (c.bytesHex ?? '') : '');
  const half = cb.length / 2;
  if (bytes.length !== half) return false;
  for (let i = 0; i < half; i++) if ((bytes[i]! & cb[half + i]!) !== (cb[i]! & cb[half + i]!)) return false;
  return true;
}

function validMask(c: GeneralName): boolean {
  const cb = fromHex(c.type === 'ip' ? (c.bytesHex ?? '') : '');
  const mask = Array.from(cb.subarray(cb.length / 2)).map((b) => b.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(mask);
}

function emailInTree(email: string, c: string): boolean {
  const e = splitEmail(email);
  if (!e) return false;
  if (c.includes('@')) return emailEquals(email, c);
  const t = c.toLowerCase();
  if (t.startsWith('.')) return e[1].endsWith(t);
  return e[1] === t;
}

function uriHost(uri: string): string | undefined {
  const m = uri.match(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/);
  return m && m[1] ? m[1].toLowerCase() : undefined;
}

function uriInTree(uri: string, c: string): boolean {
  const h = uriHost(uri);
  if (!h || parseIp(h)) return false;
  const t = c.toLowerCase();
  return t.startsWith('.') ? h.endsWith(t) : h === t;
}

function dnOf(derHex: string): DistinguishedName {
  return readName(readRoot(fromHex(derHex)));
}

/** directoryName constraints compare by RFC 5280 §7.1 (RFC 4518), like chaining does. */
function dnInTree(dnHex: string, cHex: string): boolean {
  return nameWithin(dnOf(dnHex), dnOf(cHex));
}

const SUPPORTED = new Set(['dns', 'ip', 'email', 'uri', 'dirName']);

/** A dNSName as RFC 5280 §4.2.1.6 / RFC 1034 allow it (LDH labels), with an optional leading `*.` label. */
export function validDnsName(name: string): boolean {
  const labels = name.replace(/\.$/, '').split('.');
  if (labels[0] === '*') labels.shift();
  return labels.length > 0 && name.length <= 253 && labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
}

/** The names of `cert` that name constraints apply to. */
function constrainedNames(cert: CertificateItem, isLeaf: boolean): GeneralName[] {
  const out: GeneralName[] = [...sans(cert)];
  const subject: DistinguishedName = cert.subject;
  if (subject.attributes.length) out.push({ type: 'dirName', value: subject.text, derHex: subject.derHex });
  for (const a of subject.attributes) if (a.name === 'emailAddress' || a.oid === '1.2.840.113549.1.9.1') out.push({ type: 'email', value: a.value });
  if (isLeaf && !sans(cert).some((n) => n.type === 'dns')) {
    for (const a of subject.attributes) {
      if (a.oid !== '2.5.4.3') continue;
      if (/^[A-Za-z0-9*_-]+(\.[A-Za-z0-9_-]+)+\.?$/.test(a.value) && !parseIp(a.value)) out.push({ type: 'dns', value: a.value });
      else if (a.value.includes('@')) out.push({ type: 'email', value: a.value });
    }
  }
  return out;
}

function inTree(n: GeneralName, c: GeneralName): boolean | undefined {
  if (n.type !== c.type) return undefined;
  switch (n.type) {
    case 'dns': return dnsInTree(n.value, c.value);
    case 'ip': return ipInTree(fromHex(n.bytesHex ?? ''), c);
    case 'email': return emailInTree(n.value, c.value);
    case 'uri': return uriInTree(n.value, c.value);
    case 'dirName': return c.type === 'dirName' && dnInTree(n.derHex, c.derHex);
    default: return undefined;
  }
}

/** Name-constraint comparisons allowed per verification, like rustls-webpki's budget. */
export const NC_BUDGET = 250_000;

/** Problems with one CA's name constraints applied to one later certificate; empty when fine. */
export function checkNameConstraints(nc: { permitted: GeneralName[]; excluded: GeneralName[] }, cert: CertificateItem, isLeaf: boolean, budget: { left: number }): string[] {
  const problems: string[] = [];
  const all = [...nc.permitted, ...nc.excluded];
  for (const c of all) {
    if (c.type === 'dns' && c.value.startsWith('.')) return [`the DNS name constraint "${c.value}" is malformed (a leading dot is not allowed for dNSName)`];
    if (c.type === 'dns' && c.value.includes('*')) return [`the DNS name constraint "${c.value}" is malformed (wildcards are not allowed in name constraints)`];
    if (c.type === 'ip' && !validMask(c)) return [`the IP name constraint ${c.value} has a non-contiguous mask`];
  }
  const names = constrainedNames(cert, isLeaf);
  budget.left -= names.length * Math.max(1, all.length);
  if (budget.left < 0) return ['checking the name constraints would take too much work (too many names times constraints), so the path is rejected'];
  for (const n of names) {
    if (!SUPPORTED.has(n.type)) {
      // A name of a type we cannot compare is fine unless a constraint of that very type exists.
      if (all.some((c) => c.type === n.type)) problems.push(`the ${n.type} name cannot be checked against the ${n.type} name constraints`);
      continue;
    }
    // A malformed name cannot be placed inside or outside a subtree: it fails any constraint of its type.
    const ofType = all.some((c) => c.type === n.type);
    if (ofType && n.type === 'email' && !validMailbox(n.value)) {
      problems.push(`the email name ${n.value} is not a valid mailbox, so it cannot be checked against the email name constraints`);
      continue;
    }
    if (ofType && n.type === 'dns' && !validDnsName(n.value)) {
      problems.push(`the DNS name ${n.value} is not a valid host name, so it cannot be checked against the DNS name constraints`);
      continue;
    }
    if (n.type === 'uri' && !uriHost(n.value) && nc.permitted.some((c) => c.type === 'uri')) problems.push(`the URI ${n.value} has no host to check against the permitted URI constraints`);
    const permitted = nc.permitted.filter((c) => c.type === n.type);
    if (permitted.length && !permitted.some((c) => inTree(n, c))) problems.push(`${n.type} name ${n.value} is outside the permitted subtrees (${permitted.map((c) => c.value).join(', ')})`);
    const hit = nc.excluded.find((c) => c.type === n.type && (inTree(n, c) || (n.type === 'dns' && wildcardReaches(n.value, c.value))));
    if (hit) problems.push(`${n.type} name ${n.value} is within the excluded subtree ${hit.value}`);
  }
  return problems;
}
