/**
 * Distinguished names (RFC 5280 §4.1.2.4) and the ASN.1 string types they carry.
 *
 *   Name ::= SEQUENCE OF RelativeDistinguishedName
 *   RelativeDistinguishedName ::= SET OF AttributeTypeAndValue
 *   AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }
 */
import { latin1Decode, toHex, utf8Decode } from './bytes.js';
import { DerError, DerLimitError, children, encoded, expectTag, readOid, TAG, value, type Tlv } from './der.js';
import { ATTRIBUTE_NAMES } from './oid-names.js';
import type { DistinguishedName, NameAttribute, Problem } from './types.js';

const STRING_TYPES: Record<number, string> = {
  [TAG.UTF8String]: 'UTF8String',
  [TAG.NumericString]: 'NumericString',
  [TAG.PrintableString]: 'PrintableString',
  [TAG.T61String]: 'T61String',
  [TAG.IA5String]: 'IA5String',
  [TAG.VisibleString]: 'VisibleString',
  [TAG.UniversalString]: 'UniversalString',
  [TAG.BMPString]: 'BMPString',
  0x15: 'VideotexString',
  0x19: 'GraphicString',
  0x1b: 'GeneralString',
};

export function isStringTag(tag: number): boolean {
  return tag in STRING_TYPES;
}

function decodeUtf16Be(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return s;
}

function decodeUtf32Be(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 3 < b.length; i += 4) {
    const cp = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
    s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
  }
  return s;
}

/** Decodes an ASN.1 character string; undefined when the tag is not a string type. */
export function readAsn1String(t: Tlv): { value: string; type: string } | undefined {
  const type = STRING_TYPES[t.tag];
  if (!type) return undefined;
  const v = value(t);
  switch (t.tag) {
    case TAG.UTF8String:
      // ASCII (most names) decodes the same either way, and String.fromCharCode is the cheaper call.
      return { value: allAscii(v) ? latin1Decode(v) : (utf8Decode(v) ?? ''), type };
    case TAG.BMPString:
      return { value: decodeUtf16Be(v), type };
    case TAG.UniversalString:
      return { value: decodeUtf32Be(v), type };
    default:
      // T61String is treated as Latin-1, like most tools; the others are ASCII subsets.
      return { value: latin1Decode(v), type };
  }
}

/** Bytes PrintableString allows (X.680 §41.4): letters, digits, space and '()+,-./:=? */
const PRINTABLE_BYTES = (() => {
  const t = new Uint8Array(256);
  for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?") t[c.charCodeAt(0)] = 1;
  return t;
})();

function allAscii(v: Uint8Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i]! >= 0x80) return false;
  return true;
}

/**
 * Why a string's bytes do not fit its declared ASN.1 type (X.680 §41), or undefined when they do.
 * Such strings are still shown (read leniently) but reported, since tools disagree on them.
 * Checked on the bytes: every certificate has a dozen of these strings.
 */
export function stringTypeProblem(t: Tlv): string | undefined {
  const v = value(t);
  switch (t.tag) {
    case TAG.PrintableString:
      for (let i = 0; i < v.length; i++) if (!PRINTABLE_BYTES[v[i]!]) return 'characters PrintableString does not allow (such as @, _, * or non-ASCII)';
      return undefined;
    case TAG.NumericString:
      for (let i = 0; i < v.length; i++) if (v[i] !== 32 && (v[i]! < 48 || v[i]! > 57)) return 'characters other than digits and spaces';
      return undefined;
    case TAG.IA5String:
    case TAG.VisibleString:
      return allAscii(v) ? undefined : 'bytes outside ASCII';
    case TAG.UTF8String:
      return allAscii(v) || utf8Decode(v, true) !== undefined ? undefined : 'bytes that are not valid UTF-8';
    case TAG.BMPString:
      return v.length % 2 ? 'an odd number of bytes' : undefined;
    case TAG.UniversalString:
      return v.length % 4 ? 'a length that is not a multiple of four' : undefined;
    default:
      return undefined;
  }
}

/** Characters RFC 4514 §2.4 escapes anywhere, or at the start (space, #) or end (space). */
const NEEDS_ESCAPE = /["+,;<>\\\0]|^[ #]| $/;

/** RFC 4514 §2.4 escaping of an attribute value. */
export function escapeDnValue(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if ('"+,;<>\\'.includes(c)) out += '\\' + c;
    else if (c === '\0') out += '\\00';
    else if ((i === 0 && (c === ' ' || c === '#')) || (i === s.length - 1 && c === ' ')) out += '\\' + c;
    else out += c;
  }
  return out;
}

/**
 * Most attributes one Name may have. Real names have a handful (the longest seen in CA databases
 * about 30); a 24 MB name of a million RDNs took 7 s and 840 MB to read and to show.
 */
export const MAX_NAME_ATTRIBUTES = 1024;

/** Reads a Name; throws DerError on structural damage. Strings that break their type's rules go to `warnings`. */
export function readName(t: Tlv, warnings?: Problem[]): DistinguishedName {
  expectTag(t, TAG.SEQUENCE, 'a Name SEQUENCE');
  const attributes: NameAttribute[] = [];
  const rdnTexts: string[] = [];
  children(t, undefined, MAX_NAME_ATTRIBUTES, 'one name').forEach((rdn, rdnIndex) => {
    expectTag(rdn, TAG.SET, 'a RelativeDistinguishedName SET');
    const parts: string[] = [];
    for (const atv of children(rdn, undefined, MAX_NAME_ATTRIBUTES, 'one name')) {
      if (attributes.length >= MAX_NAME_ATTRIBUTES) throw new DerLimitError(`more than ${MAX_NAME_ATTRIBUTES} attributes in one name`, atv.start);
      expectTag(atv, TAG.SEQUENCE, 'an AttributeTypeAndValue');
      const [typeTlv, valTlv] = children(atv);
      if (!typeTlv || !valTlv) throw new DerError('AttributeTypeAndValue needs a type and a value', atv.start);
      const oid = readOid(typeTlv);
      const name = ATTRIBUTE_NAMES[oid] ?? oid;
      const str = readAsn1String(valTlv);
      const bad = str && warnings ? stringTypeProblem(valTlv) : undefined;
      if (bad) warnings!.push({ code: 'der_invalid', message: `The ${name} attribute is a ${str!.type} with ${bad}.` });
      // A value that is not a string is shown RFC 4514-style as #hex of its DER.
      const val = str ? str.value : '#' + toHex(encoded(valTlv));
      attributes.push({ oid, name, value: val, type: str ? str.type : `tag 0x${valTlv.tag.toString(16)}`, rdn: rdnIndex });
      parts.push(`${name}=${str ? escapeDnValue(val) : val}`);
    }
    rdnTexts.push(parts.join('+'));
  });
  return { text: rdnTexts.reverse().join(', '), attributes, derHex: toHex(encoded(t)) };
}

/**
 * A RelativeDistinguishedName given as the attributes themselves (the content of a SET, or of an
 * IMPLICIT [1] as in a CRL distribution point's nameRelativeToCRLIssuer), as `CN=crl1` text.
 */
export function readRelativeName(t: Tlv): string {
  const parts: string[] = [];
  for (const atv of children(t, undefined, MAX_NAME_ATTRIBUTES, 'one name')) {
    expectTag(atv, TAG.SEQUENCE, 'an AttributeTypeAndValue');
    const [typeTlv, valTlv] = children(atv);
    if (!typeTlv || !valTlv) throw new DerError('AttributeTypeAndValue needs a type and a value', atv.start);
    const oid = readOid(typeTlv);
    const str = readAsn1String(valTlv);
    parts.push(`${ATTRIBUTE_NAMES[oid] ?? oid}=${str ? escapeDnValue(str.value) : '#' + toHex(encoded(valTlv))}`);
  }
  return parts.join('+');
}

/** The CN (last one, most specific) or the whole DN text, for labels. */
export function nameLabel(dn: DistinguishedName): string {
  const cns = dn.attributes.filter((a) => a.name === 'CN');
  const cn = cns[cns.length - 1];
  if (cn && cn.value) return cn.value;
  return dn.text || '(empty name)';
}
