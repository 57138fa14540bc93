/**
 * The ASN.1 tree behind the UI's ASN.1 tab: every TLV with offsets for the hex view, and short
 * previews (OIDs with names, strings, integers, times). BIT/OCTET STRINGs that hold DER are
 * shown with their children, as certificates nest extension values that way.
 * Resource limits follow asn1js: depth 64, 100,000 nodes; beyond them the tree is cut and the
 * problem `limit_exceeded` is returned instead of a tree.
 */
import { latin1Decode, toHex } from './bytes.js';
import { DerError, decodeOid, readTime, readTlv, TAG, type Leniency, type Tlv } from './der.js';
import { readAsn1String } from './names.js';
import { oidName } from './oid-names.js';
import type { Asn1Node, Problem } from './types.js';

export const TREE_MAX_DEPTH = 64;
export const TREE_MAX_NODES = 100_000;

const UNIVERSAL: Record<number, string> = {
  0: 'END OF CONTENTS', 1: 'BOOLEAN', 2: 'INTEGER', 3: 'BIT STRING', 4: 'OCTET STRING', 5: 'NULL',
  6: 'OBJECT IDENTIFIER', 7: 'ObjectDescriptor', 8: 'EXTERNAL', 9: 'REAL', 10: 'ENUMERATED', 12: 'UTF8String',
  13: 'RELATIVE-OID', 16: 'SEQUENCE', 17: 'SET', 18: 'NumericString', 19: 'PrintableString', 20: 'T61String',
  21: 'VideotexString', 22: 'IA5String', 23: 'UTCTime', 24: 'GeneralizedTime', 25: 'GraphicString',
  26: 'VisibleString', 27: 'GeneralString', 28: 'UniversalString', 30: 'BMPString',
};
const CLASSES = ['universal', 'application', 'context', 'private'] as const;
const EXCERPT = 16;

class LimitError extends Error {}

function excerpt(v: Uint8Array): string {
  const hex = toHex(v.subarray(0, EXCERPT), ' ');
  return v.length > EXCERPT ? `${hex} … (${v.length} bytes)` : hex;
}

function integerPreview(v: Uint8Array): string {
  if (v.length === 0) return '(empty)';
  if (v.length <= 6) {
    let n = 0;
    for (const b of v) n = n * 256 + b;
    if (v[0]! & 0x80) n -= 2 ** (8 * v.length);
    return String(n);
  }
  return excerpt(v);
}

function preview(t: Tlv): string | undefined {
  const v = t.bytes.subarray(t.valueStart, t.indefinite ? t.end - 2 : t.end);
  if (t.constructed) return undefined;
  if (t.tagClass === 2) {
    // Implicit context tags often carry IA5 names (SAN); show them as text when they look like it.
    const printable = v.length > 0 && v.every((b) => b >= 0x20 && b < 0x7f);
    return printable ? latin1Decode(v) : excerpt(v);
  }
  if (t.tagClass !== 0) return excerpt(v);
  try {
    switch (t.tag) {
      case TAG.BOOLEAN:
        return v[0] ? 'TRUE' : 'FALSE';
      case TAG.INTEGER:
      case TAG.ENUMERATED:
        return integerPreview(v);
      case TAG.NULL:
        return undefined;
      case TAG.OID: {
        const oid = decodeOid(v, t.start);
        const name = oidName(oid);
        return name ? `${oid} (${name})` : oid;
      }
      case TAG.UTCTime:
      case TAG.GeneralizedTime:
        return readTime(t);
      case TAG.BIT_STRING:
        return v.length > 0 && v[0] ? `${excerpt(v.subarray(1))} (${v[0]} unused bits)` : excerpt(v.subarray(1));
      default: {
        const s = readAsn1String(t);
        return s ? s.value : excerpt(v);
      }
    }
  } catch {
    return excerpt(v);
  }
}

/** Whether the primitive's content is itself exactly one DER TLV we should expand. */
function encapsulated(t: Tlv): number | undefined {
  if (t.tagClass !== 0 || (t.tag !== TAG.BIT_STRING && t.tag !== TAG.OCTET_STRING)) return undefined;
  const start = t.valueStart + (t.tag === TAG.BIT_STRING ? 1 : 0);
  if (t.tag === TAG.BIT_STRING && t.bytes[t.valueStart] !== 0) return undefined;
  if (t.end - start < 2) return undefined;
  try {
    const inner = readTlv(t.bytes, start, t.end);
    if (inner.end !== t.end) return undefined;
    const known = inner.tagClass === 0 && UNIVERSAL[inner.tagNumber] !== undefined && inner.tagNumber !== 0;
    return inner.constructed || known ? start : undefined;
  } catch {
    return undefined;
  }
}

export function asn1Tree(der: Uint8Array): { root?: Asn1Node; problem?: Problem } {
  let count = 0;
  let problem: Problem | undefined;
  const lenient: Leniency = { notes: [] };

  const build = (offset: number, limit: number, depth: number): { node: Asn1Node; end: number } => {
    if (++count > TREE_MAX_NODES) throw new LimitError(`more than ${TREE_MAX_NODES} nodes`);
    if (depth > TREE_MAX_DEPTH) throw new LimitError(`nested deeper than ${TREE_MAX_DEPTH} levels`);
    const t = readTlv(der, offset, limit, lenient);
    const tag = t.tagClass === 0 ? (UNIVERSAL[t.tagNumber] ?? `[UNIVERSAL ${t.tagNumber}]`) : t.tagClass === 2 ? `[${t.tagNumber}]` : `[${CLASSES[t.tagClass].toUpperCase()} ${t.tagNumber}]`;
    const node: Asn1Node = {
      offset: t.start,
      headerLength: t.valueStart - t.start,
      length: (t.indefinite ? t.end - 2 : t.end) - t.valueStart,
      tag,
      tagClass: CLASSES[t.tagClass],
      constructed: t.constructed,
    };
    const p = preview(t);
    if (p !== undefined) node.preview = p;
    const inner = t.constructed ? t.valueStart : encapsulated(t);
    if (inner !== undefined) {
      const kids: Asn1Node[] = [];
      const stop = t.indefinite ? t.end - 2 : t.end;
      try {
        for (let q = inner; q < stop; ) {
          const c = build(q, stop, depth + 1);
          kids.push(c.node);
          q = c.end;
        }
      } catch (e) {
        if (e instanceof LimitError || t.constructed) throw e;
        kids.length = 0; // an OCTET STRING that only looked like DER stays a leaf
      }
      if (kids.length) node.children = kids;
    }
    return { node, end: t.end };
  };

  try {
    const { node: root, end } = build(0, der.length, 0);
    if (end < der.length) {
      problem = { code: 'der_invalid', message: `${der.length - end} bytes follow the end of the structure.` };
    }
    return problem ? { root, problem } : { root };
  } catch (e) {
    if (e instanceof LimitError) return { problem: { code: 'limit_exceeded', message: `The ASN.1 structure is too large to show: ${e.message}.` } };
    const detail = e instanceof DerError ? e.message : String(e);
    return { problem: { code: 'der_invalid', message: 'This is not valid ASN.1 (DER).', detail } };
  }
}
