/**
 * A rewritable view of DER for targeted mutations: parse into nodes (descending into OCTET
 * STRING / BIT STRING contents that are themselves DER, because PKCS#12, PKCS#8 and
 * extensions nest their structures there), change one node, re-encode every ancestor so the
 * outer lengths stay consistent and the reader gets past them to the field we aim at.
 */
import { encodeLength, readTlv, type Tlv } from '../../core/der.js';

export interface DerNode {
  /** Tag octets as encoded. */
  tag: Uint8Array;
  /** Primitive content (absent when `kids` is set). */
  content?: Uint8Array;
  kids?: DerNode[];
  /** For encapsulating BIT STRINGs: the unused-bits octet kept in front of the children. */
  prefix?: Uint8Array;
}

const MAX_TREE_DEPTH = 40;

function parseAll(bytes: Uint8Array, start: number, end: number, depth: number): DerNode[] | undefined {
  const out: DerNode[] = [];
  let p = start;
  while (p < end) {
    let t: Tlv;
    try {
      t = readTlv(bytes, p, end);
    } catch {
      return undefined;
    }
    const node = toNode(t, depth);
    if (!node) return undefined;
    out.push(node);
    p = t.end;
  }
  return out;
}

function toNode(t: Tlv, depth: number): DerNode | undefined {
  const tag = t.bytes.slice(t.start, t.valueStart - lengthOctets(t));
  if (depth > MAX_TREE_DEPTH) return undefined;
  if (t.constructed) {
    const kids = parseAll(t.bytes, t.valueStart, t.end, depth + 1);
    return kids ? { tag, kids } : undefined;
  }
  const content = t.bytes.slice(t.valueStart, t.end);
  // Only descend when the whole content is one or more TLVs starting with SEQUENCE: random
  // octets that happen to parse would make the tree (and the mutations) meaningless.
  if (t.tag === 0x04 && content[0] === 0x30) {
    const kids = parseAll(content, 0, content.length, depth + 1);
    if (kids) return { tag, kids };
  }
  if (t.tag === 0x03 && content[0] === 0 && content[1] === 0x30) {
    const kids = parseAll(content, 1, content.length, depth + 1);
    if (kids) return { tag, kids, prefix: content.slice(0, 1) };
  }
  return { tag, content };
}

function lengthOctets(t: Tlv): number {
  // The length field sits between the tag octets and the value; its first octet says its size.
  let p = t.start + 1;
  if ((t.bytes[t.start]! & 0x1f) === 0x1f) while (t.bytes[p++]! & 0x80);
  const first = t.bytes[p]!;
  return first < 0x80 ? 1 : 1 + (first & 0x7f);
}

export function parseDerTree(bytes: Uint8Array): DerNode | undefined {
  try {
    const t = readTlv(bytes, 0, bytes.length);
    if (t.end !== bytes.length) return undefined;
    return toNode(t, 0);
  } catch {
    return undefined;
  }
}

export function encodeNode(node: DerNode): Uint8Array {
  const parts: Uint8Array[] = [];
  if (node.kids) {
    if (node.prefix) parts.push(node.prefix);
    for (const k of node.kids) parts.push(encodeNode(k));
  } else parts.push(node.content ?? new Uint8Array(0));
  let n = 0;
  for (const p of parts) n += p.length;
  const len = encodeLength(n);
  const out = new Uint8Array(node.tag.length + len.length + n);
  out.set(node.tag, 0);
  out.set(len, node.tag.length);
  let o = node.tag.length + len.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface Located {
  node: DerNode;
  parent?: DerNode;
  /** Index in the parent's kids. */
  index: number;
}

/** Every node, depth first, with its parent. */
export function allNodes(root: DerNode): Located[] {
  const out: Located[] = [];
  const walk = (node: DerNode, parent: DerNode | undefined, index: number) => {
    out.push({ node, parent, index });
    node.kids?.forEach((k, i) => walk(k, node, i));
  };
  walk(root, undefined, 0);
  return out;
}

export const isInteger = (n: DerNode) => n.tag.length === 1 && n.tag[0] === 0x02 && n.content !== undefined;

/**
 * INTEGERs that follow an OCTET STRING in the same SEQUENCE: the iteration count of PBKDF2 and
 * PKCS#12 PBE parameters and of PKCS#12 MacData, and scrypt's N, r and p. Work factors, all.
 */
export function workFactorIntegers(root: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (const { node } of allNodes(root)) {
    if (!node.kids || node.tag[0] !== 0x30) continue;
    const salt = node.kids.findIndex((k) => k.tag[0] === 0x04);
    if (salt < 0) continue;
    for (const k of node.kids.slice(salt + 1)) if (isInteger(k)) out.push(k);
  }
  return out;
}

/** Minimal two's complement INTEGER content for a (possibly huge or negative) value. */
export function integerContent(n: bigint): Uint8Array {
  const bytes: number[] = [];
  let v = n;
  for (;;) {
    bytes.unshift(Number(BigInt.asUintN(8, v)));
    v >>= 8n;
    const sign = bytes[0]! & 0x80;
    if ((v === 0n && !sign) || (v === -1n && sign)) break;
  }
  return Uint8Array.from(bytes);
}

/** `depth` nested TLVs with tag `tag` around `leaf`, lengths correct, built in one buffer. */
export function nested(depth: number, tag: number, leaf: Uint8Array): Uint8Array {
  // Build inside out in one buffer: lengths grow as we go, so compute them first.
  const sizes: number[] = [leaf.length];
  for (let i = 0; i < depth; i++) sizes.push(sizes[i]! + 1 + encodeLength(sizes[i]!).length);
  const out = new Uint8Array(sizes[depth]!);
  let o = 0;
  for (let i = depth; i > 0; i--) {
    const len = encodeLength(sizes[i - 1]!);
    out[o++] = tag;
    out.set(len, o);
    o += len.length;
  }
  out.set(leaf, o);
  return out;
}
