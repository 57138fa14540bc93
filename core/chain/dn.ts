/**
 * Distinguished-name matching by RFC 5280 §7.1: attribute values compared with caseIgnoreMatch
 * after the RFC 4518 string preparation, RDNs as sets, so a PrintableString "Example CA" issued
 * to a UTF8String "example  ca" still chains. Used for chaining (issuer = subject),
 * self-issued detection and directoryName name constraints.
 *
 * RFC 4518 steps, as far as they change a comparison:
 *   2.2 Map: characters "mapped to nothing" (soft hyphen, zero-width and variation selectors,
 *       C0/C1 controls) are dropped; other white space becomes SPACE; case folding.
 *   2.3 Normalize: NFKC.
 *   2.6.1 Insignificant space: leading and trailing spaces go, inner runs count as one.
 * Values that are not character strings (shown as `#hex` by core/names) compare by their DER.
 */
import type { DistinguishedName } from '../types.js';

const NOTHING = /[\u00ad\u034f\u1806\u180b-\u180d\u200b\ufe00-\ufe0f\ufffc\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;
const SPACES = /[\u0009-\u000d\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;

/** RFC 4518 preparation of one attribute value for caseIgnoreMatch. */
export function prepareString(s: string): string {
  const mapped = s.replace(NOTHING, '').replace(SPACES, ' ');
  const folded = mapped.normalize('NFKC').toLowerCase().normalize('NFKC');
  return folded.trim().replace(/ {2,}/g, ' ');
}

const keys = new WeakMap<DistinguishedName, string>();

/** A key that is equal for two names exactly when RFC 5280 §7.1 says they match. */
export function nameKey(dn: DistinguishedName): string {
  let k = keys.get(dn);
  if (k !== undefined) return k;
  const rdns: string[][] = [];
  for (const a of dn.attributes) {
    const v = a.value.startsWith('#') && a.type.startsWith('tag ') ? a.value : prepareString(a.value);
    (rdns[a.rdn] ??= []).push(`${a.oid}=${v}`);
  }
  k = JSON.stringify(rdns.map((r) => r.sort()));
  keys.set(dn, k);
  return k;
}

export function sameName(a: DistinguishedName, b: DistinguishedName): boolean {
  return a.derHex === b.derHex || nameKey(a) === nameKey(b);
}

/** Whether `name` lies in the subtree `base` (§4.2.1.10): base's RDNs are the leading RDNs of name. */
export function nameWithin(name: DistinguishedName, base: DistinguishedName): boolean {
  const n = JSON.parse(nameKey(name)) as string[][];
  const b = JSON.parse(nameKey(base)) as string[][];
  return b.length <= n.length && b.every((r, i) => JSON.stringify(r) === JSON.stringify(n[i]));
}

/** Subject and issuer match: the certificate is self-issued (RFC 5280 §6.1). */
export function isSelfIssued(c: { subject: DistinguishedName; issuer: DistinguishedName }): boolean {
  return sameName(c.subject, c.issuer);
}
