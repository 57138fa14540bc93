/**
 * Mutations of real files. Each takes a sample and the seeded PRNG and returns new bytes named
 * after what was done, so a failure report says how the input was made. DER-level mutations
 * on a PEM file are applied to one block's DER and re-armoured, so they get past base64.
 */
import { fromBase64, toBase64, utf8Decode, utf8Encode } from '../../core/bytes.js';
import { encodeLength, readTlv, type Leniency } from '../../core/der.js';
import { splitPem } from '../../core/pem.js';
import { allNodes, encodeNode, nested, integerContent, isInteger, parseDerTree, workFactorIntegers, type DerNode } from './dertree.js';
import type { Rng } from './prng.js';
import { sshMutations } from './ssh-mutators.js';
import { formatsMutation } from './formats-mutators.js';
import { mutateJwk } from './jwk-mutators.js';
import { mutatePpk } from './ppk-mutators.js';

export interface Sample {
  name: string;
  bytes: Uint8Array;
}

export interface Mutation {
  op: string;
  bytes: Uint8Array;
}

type BytesOp = (b: Uint8Array, r: Rng) => { op: string; bytes: Uint8Array } | undefined;

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0x05, 0x1f, 0x3f];

function splice(b: Uint8Array, at: number, remove: number, insert: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at), 0);
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

/** Every TLV reachable by walking siblings and children (leniently, to reach into BER). */
export function tlvWalk(b: Uint8Array, max = 5000): { start: number; valueStart: number; end: number; constructed: boolean; tag: number }[] {
  const out: { start: number; valueStart: number; end: number; constructed: boolean; tag: number }[] = [];
  const lenient: Leniency = { notes: [] };
  const walk = (p: number, limit: number, depth: number) => {
    while (p < limit && out.length < max && depth < 64) {
      let t;
      try {
        t = readTlv(b, p, limit, lenient);
      } catch {
        return;
      }
      out.push({ start: t.start, valueStart: t.valueStart, end: t.end, constructed: t.constructed, tag: t.tag });
      if (t.constructed) walk(t.valueStart, t.indefinite ? t.end - 2 : t.end, depth + 1);
      else if ((t.tag === 0x04 || t.tag === 0x03) && t.end > t.valueStart) {
        const skip = t.tag === 0x03 ? 1 : 0;
        if (b[t.valueStart + skip] === 0x30) walk(t.valueStart + skip, t.end, depth + 1);
      }
      p = t.end;
    }
  };
  walk(0, b.length, 0);
  return out;
}

const LENGTH_REWRITES: [string, (len: number) => number[]][] = [
  ['len-ffffffff', () => [0x84, 0xff, 0xff, 0xff, 0xff]],
  ['len-7fffffff', () => [0x84, 0x7f, 0xff, 0xff, 0xff]],
  ['len-negative-int32', () => [0x84, 0x80, 0x00, 0x00, 0x00]],
  ['len-8-octets', () => [0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
  ['len-reserved-ff', () => [0xff]],
  ['len-indefinite', () => [0x80]],
  ['len-plus-1', (n) => enc(n + 1)],
  ['len-minus-1', (n) => enc(Math.max(0, n - 1))],
  ['len-double', (n) => enc(n * 2 + 1)],
  ['len-zero', () => [0x00]],
  ['len-non-minimal', (n) => [0x84, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]],
];

const enc = (n: number): number[] => [...encodeLength(n)];

const bitFlip: BytesOp = (b, r) => {
  if (b.length === 0) return undefined;
  const out = b.slice();
  const n = r.range(1, 8);
  for (let i = 0; i < n; i++) out[r.int(out.length)]! ^= 1 << r.int(8);
  return { op: `bitflip-x${n}`, bytes: out };
};

const byteSet: BytesOp = (b, r) => {
  if (b.length === 0) return undefined;
  const out = b.slice();
  out[r.int(out.length)] = r.pick(INTERESTING);
  return { op: 'byte-set', bytes: out };
};

const byteInsert: BytesOp = (b, r) => ({ op: 'byte-insert', bytes: splice(b, r.int(b.length + 1), 0, r.bytes(r.range(1, 16))) });

const byteDelete: BytesOp = (b, r) => {
  if (b.length === 0) return undefined;
  const at = r.int(b.length);
  return { op: 'byte-delete', bytes: splice(b, at, Math.min(b.length - at, r.range(1, 16))) };
};

const chunkDuplicate: BytesOp = (b, r) => {
  if (b.length < 2) return undefined;
  const from = r.int(b.length);
  const len = Math.min(b.length - from, r.range(1, 256));
  return { op: 'chunk-duplicate', bytes: splice(b, r.int(b.length + 1), 0, b.slice(from, from + len)) };
};

const truncateRandom: BytesOp = (b, r) => (b.length ? { op: 'truncate-random', bytes: b.slice(0, r.int(b.length)) } : undefined);

/** Cut at a structural boundary: a tag, a length, the first or last content byte of a TLV. */
const truncateBoundary: BytesOp = (b, r) => {
  const tlvs = tlvWalk(b);
  if (!tlvs.length) return undefined;
  const t = r.pick(tlvs);
  const [where, at] = r.pick([
    ['tag', t.start],
    ['length', t.start + 1],
    ['value', t.valueStart],
    ['value+1', t.valueStart + 1],
    ['end-1', t.end - 1],
  ] as const);
  return { op: `truncate-at-${where}`, bytes: b.slice(0, Math.max(0, Math.min(at, b.length - 1))) };
};

const lengthRewrite: BytesOp = (b, r) => {
  const tlvs = tlvWalk(b);
  if (!tlvs.length) return undefined;
  const t = r.pick(tlvs);
  const [name, make] = r.pick(LENGTH_REWRITES);
  // The length field runs from after the tag octets to valueStart.
  let lenAt = t.start + 1;
  if ((b[t.start]! & 0x1f) === 0x1f) while (lenAt < b.length && b[lenAt++]! & 0x80);
  return { op: name, bytes: splice(b, lenAt, t.valueStart - lenAt, Uint8Array.from(make(t.valueStart > lenAt ? t.end - t.valueStart : 0))) };
};

/** Wraps one TLV in 1,000 to 20,000 nested SEQUENCEs with correct lengths. */
const nestWrap: BytesOp = (b, r) => {
  const tlvs = tlvWalk(b);
  if (!tlvs.length) return undefined;
  const t = r.pick(tlvs);
  const depth = r.pick([100, 1000, 20000]);
  const inner = nested(depth, 0x30, b.slice(t.start, t.end));
  return { op: `nest-wrap-${depth}`, bytes: splice(b, t.start, t.end - t.start, inner) };
};

// ---- tree mutations: keep every outer length consistent -----------------------------------

const HUGE_INTS: bigint[] = [0n, -1n, 1n, 2n ** 31n - 1n, 2n ** 32n - 1n, 2n ** 32n, 1_000_000_000n, 2n ** 53n + 1n, 2n ** 63n, -(2n ** 31n), 2n ** 2048n + 1n];

function treeOp(name: string, pickNode: (root: DerNode, r: Rng) => DerNode | undefined, change: (n: DerNode, r: Rng) => string): BytesOp {
  return (b, r) => {
    const root = parseDerTree(b);
    if (!root) return undefined;
    const node = pickNode(root, r);
    if (!node) return undefined;
    const what = change(node, r);
    return { op: `${name}-${what}`, bytes: encodeNode(root) };
  };
}

const pickAny = (root: DerNode, r: Rng) => r.pick(allNodes(root)).node;
const pickInteger = (root: DerNode, r: Rng) => {
  const ints = allNodes(root).filter((l) => isInteger(l.node));
  return ints.length ? r.pick(ints).node : undefined;
};

const setInteger = (n: DerNode, r: Rng) => {
  const v = r.pick(HUGE_INTS);
  n.content = integerContent(v);
  return v.toString().length > 24 ? 'huge' : v.toString();
};

const integerNegate = treeOp('int-negate', pickInteger, (n) => {
  const c = n.content!;
  n.content = c.length && !(c[0]! & 0x80) ? Uint8Array.from([c[0]! | 0x80, ...c.subarray(1)]) : Uint8Array.of(0x80);
  return 'sign';
});
const integerHuge = treeOp('int', pickInteger, setInteger);
const workFactor = treeOp('work-factor', (root, r) => {
  const w = workFactorIntegers(root);
  return w.length ? r.pick(w) : undefined;
}, (n, r) => {
  const v = r.pick([2n ** 31n - 1n, 2n ** 32n - 1n, 1_000_000_000n, 2n ** 40n, 2n ** 62n, 0n, -1n, 2n ** 20n, 2n ** 24n]);
  n.content = integerContent(v);
  return v.toString();
});

const nodeEdit = treeOp('node', pickAny, (n, r) => {
  const choice = r.int(6);
  if (choice === 0 && n.kids?.length) {
    n.kids.splice(r.int(n.kids.length), 1);
    return 'drop-child';
  }
  if (choice === 1 && n.kids?.length) {
    const k = r.pick(n.kids);
    const times = r.pick([1, 2, 100]);
    n.kids.splice(r.int(n.kids.length + 1), 0, ...Array.from({ length: times }, () => k));
    return `dup-child-x${times}`;
  }
  if (choice === 2) {
    n.tag = Uint8Array.of(r.pick([0x30, 0x31, 0x04, 0x03, 0x02, 0x06, 0x0c, 0x13, 0x16, 0x1e, 0x17, 0x18, 0xa0, 0x80, 0x05, 0x01]));
    if (!(n.tag[0]! & 0x20) && n.kids) {
      n.content = encodeNode({ tag: Uint8Array.of(0x30), kids: n.kids }).subarray(2);
      delete n.kids;
      delete n.prefix;
    } else if (n.tag[0]! & 0x20 && !n.kids) {
      n.kids = [];
    }
    return 'retag';
  }
  if (choice === 3 && n.content) {
    n.content = r.pick([new Uint8Array(0), r.bytes(r.range(1, 40)), Uint8Array.of(0xff, 0xfe, 0x00, 0xd8, 0x00)]);
    return 'content';
  }
  if (choice === 4 && n.content && n.content.length) {
    // High tag number forms and multi-byte tags.
    n.tag = r.pick([Uint8Array.of(0x1f, 0x81, 0x80, 0x80, 0x80, 0x00), Uint8Array.of(0x9f, 0xff, 0x7f), Uint8Array.of(0x1f)]);
    return 'high-tag';
  }
  if (n.kids) {
    n.kids.reverse();
    return 'reverse-children';
  }
  n.content = n.content ? n.content.slice().reverse() : undefined;
  return 'reverse-content';
});

// ---- PEM armour ---------------------------------------------------------------------------

const HEADER_SETS: string[][] = [
  ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,00'],
  ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ'],
  ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-256-CBC'],
  ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: ROT13-CBC,0011223344556677'],
  ['Proc-Type: 4,ENCRYPTED'],
  ['DEK-Info: DES-EDE3-CBC,0011223344556677'],
  ['Proc-Type: 4,ENCRYPTED', `DEK-Info: DES-CBC,${'0'.repeat(100_000)}`],
  ['Proc-Type: 99,WHATEVER', 'DEK-Info: AES-128-CBC,00112233445566778899aabbccddeeff'],
  ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,00112233445566778899aabbccddeeff', 'DEK-Info: AES-256-CBC,00112233445566778899aabbccddeeff'],
  ['Proc-Type:', 'DEK-Info:'],
  ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: des-ede3-cbc,0011223344556677,extra'],
  ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-192-CBC,00112233445566778899aabbccddeeff'],
  ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: DES-CBC,0011223344556677'],
];

const GARBAGE = ['!!!!', '====', 'A', 'AB==CD', '\u0000\u0000', '\u00e9\u4e2d\ud83d\ude00', '-----', '-----END CERTIFICATE-----', ' '.repeat(5000), 'QUFB'.repeat(20000), '\t\v\f'];

interface PemLines {
  lines: string[];
  begins: number[];
}

function pemLines(text: string): PemLines {
  const lines = text.split('\n');
  const begins = lines.flatMap((l, i) => (/^\s*-----BEGIN /.test(l) ? [i] : []));
  return { lines, begins };
}

const joinLines = (lines: string[]) => utf8Encode(lines.join('\n'));

type TextOp = (text: string, p: PemLines, r: Rng) => { op: string; bytes: Uint8Array } | undefined;

const pemGarbage: TextOp = (_t, p, r) => {
  const lines = p.lines.slice();
  const at = r.pick(p.begins) + 1 + r.int(3);
  lines.splice(Math.min(at, lines.length), 0, r.pick(GARBAGE));
  return { op: 'pem-garbage', bytes: joinLines(lines) };
};

const pemHeaders: TextOp = (_t, p, r) => {
  const lines = p.lines.slice();
  const at = r.pick(p.begins) + 1;
  // Drop any existing headers so the mangled set is the only one.
  while (at < lines.length && /^[A-Za-z-]+:/.test(lines[at]!.trim())) lines.splice(at, 1);
  if (lines[at]?.trim() === '') lines.splice(at, 1);
  const set = r.pick(HEADER_SETS);
  lines.splice(at, 0, ...set, ...(r.chance(0.8) ? [''] : []));
  return { op: 'pem-headers', bytes: joinLines(lines) };
};

const pemLabel: TextOp = (_t, p, r) => {
  const lines = p.lines.slice();
  const at = r.pick(p.begins);
  const label = r.pick(['', 'X', 'CERTIFICATE', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PKCS7', 'PKCS12', 'X509 CRL', 'CERTIFICATE REQUEST', 'A-B-C', 'EC PARAMETERS', 'PUBLIC KEY', 'SSH2 ENCRYPTED PRIVATE KEY']);
  lines[at] = `-----BEGIN ${label}-----`;
  if (r.chance(0.5)) {
    const end = lines.findIndex((l, i) => i > at && /-----END /.test(l));
    if (end > 0) lines[end] = `-----END ${label}-----`;
  }
  return { op: 'pem-label', bytes: joinLines(lines) };
};

const pemStructure: TextOp = (text, p, r) => {
  const lines = p.lines.slice();
  const choice = r.int(5);
  if (choice === 0) return { op: 'pem-no-end', bytes: joinLines(lines.filter((l) => !/-----END /.test(l))) };
  if (choice === 1) return { op: 'pem-crlf-cr', bytes: utf8Encode(text.replace(/\n/g, r.pick(['\r\n', '\r', '\n\n', ' \n']))) };
  if (choice === 2) {
    const times = r.pick([50, 500]);
    return { op: `pem-repeat-x${times}`, bytes: utf8Encode(text.repeat(times)) };
  }
  if (choice === 3) return { op: 'pem-begin-storm', bytes: utf8Encode('-----BEGIN CERTIFICATE-----\n'.repeat(20_000) + text) };
  const at = r.pick(p.begins) + 1 + r.int(4);
  lines.splice(Math.min(at, lines.length), 1);
  return { op: 'pem-drop-line', bytes: joinLines(lines) };
};

// ---- dispatch -----------------------------------------------------------------------------

const BYTE_OPS: BytesOp[] = [bitFlip, byteSet, byteInsert, byteDelete, chunkDuplicate, truncateRandom, truncateBoundary, truncateBoundary, lengthRewrite, lengthRewrite, nestWrap];
// Work factors are rare in the fixtures but are what hostile files aim at: weight them up.
const DER_OPS: BytesOp[] = [...BYTE_OPS, integerNegate, integerHuge, workFactor, workFactor, workFactor, workFactor, nodeEdit, nodeEdit];
const TEXT_OPS: TextOp[] = [pemGarbage, pemHeaders, pemLabel, pemStructure];

/** The DER inside a PEM file's blocks, so DER mutations can be re-armoured. */
function reArmour(text: string, blockIndex: number, der: Uint8Array): Uint8Array | undefined {
  const { lines, begins } = pemLines(text);
  const b = begins[blockIndex];
  if (b === undefined) return undefined;
  let k = b + 1;
  while (k < lines.length && /^[A-Za-z][A-Za-z0-9-]*:/.test(lines[k]!.trim())) k++;
  if (k > b + 1 && lines[k]?.trim() === '') k++;
  let e = k;
  while (e < lines.length && !/-----END /.test(lines[e]!)) e++;
  const b64 = toBase64(der).match(/.{1,64}/g) ?? [];
  return joinLines([...lines.slice(0, k), ...b64, ...lines.slice(e)]);
}

/** One random mutation of a sample. */
export function mutate(sample: Sample, r: Rng): Mutation {
  const known = formatsMutation(sample, r);
  if (known) return known;
  const text = utf8Decode(sample.bytes, true);
  const pem = text !== undefined && /-----BEGIN /.test(text) ? text : undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    let m: Mutation | undefined;
    // PuTTY keys and JWK JSON: their own field-aware mutations most of the time, bytes otherwise.
    if (text !== undefined && /^(PuTTY-User-Key-File-|\s*\{)/.test(text) && r.chance(0.75)) {
      m = (text.startsWith('PuTTY') ? mutatePpk : mutateJwk)(sample.bytes, r);
      if (m) return m;
    }
    if (pem !== undefined && r.chance(0.6)) {
      const { blocks } = splitPem(pem);
      const p = pemLines(pem);
      if (blocks.length && p.begins.length === blocks.length && r.chance(0.7)) {
        const i = r.int(blocks.length);
        const block = blocks[i]!;
        const ops = block.label === 'OPENSSH PRIVATE KEY' ? sshMutations : DER_OPS;
        const inner = r.pick(ops)(block.der, r);
        const bytes = inner && reArmour(pem, i, inner.bytes);
        if (inner && bytes) m = { op: `block${i}:${inner.op}`, bytes };
      } else if (p.begins.length) {
        m = r.pick(TEXT_OPS)(pem, p, r) ?? undefined;
      }
    } else if (text !== undefined && /^(ssh-|ecdsa-)/.test(text)) {
      m = sshPublicLine(text, r);
    } else {
      m = r.pick(pem === undefined && sample.bytes[0] === 0x30 ? DER_OPS : BYTE_OPS)(sample.bytes, r) ?? undefined;
    }
    if (m) return m;
  }
  return bitFlip(sample.bytes, r) ?? { op: 'empty', bytes: new Uint8Array(0) };
}

/** `ssh-ed25519 AAAA... comment`: mutate the wire blob, keep the line shape. */
function sshPublicLine(text: string, r: Rng): Mutation | undefined {
  const [type, b64, ...rest] = text.trim().split(/\s+/);
  const blob = b64 ? fromBase64(b64) : undefined;
  if (!type || !blob) return undefined;
  const inner = r.pick(sshMutations)(blob, r);
  if (!inner) return undefined;
  return { op: `ssh-pub:${inner.op}`, bytes: utf8Encode(`${type} ${toBase64(inner.bytes)} ${rest.join(' ')}\n`) };
}
