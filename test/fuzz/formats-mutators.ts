/**
 * Mutations that know the "formats" area's files, so they reach past the first check:
 * - Java keystores: any u32 field (version, count, key/certificate/chain lengths, tags) or u16
 *   alias length set to hostile values, entries cut, duplicated ×100 or dropped, bytes of the
 *   Java-serialized sealed object flipped (class names, lengths, handles) — with the integrity
 *   hash recomputed under the fuzz password, so the reader trusts the structure it walks;
 * - Kubernetes YAML/JSON: alias bombs, deep flow and block nesting, a value repeated ×300,
 *   base64 values damaged, kinds swapped, keys made huge, lines dropped, tabs, unclosed quotes;
 * - wrapped text: base64 damaged or wrapped twice, UTF-16 made odd or given lone surrogates.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { concatBytes, toBase64, utf8Decode, utf8Encode } from '../../core/bytes.js';
import { PASSWORD } from './harness.js';
import type { Mutation, Sample } from './mutators.js';
import type { Rng } from './prng.js';

const HOSTILE_U32 = [0, 1, 2, 3, 0x7f, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

/** SHA-1(password UTF-16BE ‖ "Mighty Aphrodite" ‖ body): the keystore's integrity hash. */
function resign(body: Uint8Array): Uint8Array {
  const pw = new Uint8Array(PASSWORD.length * 2);
  for (let i = 0; i < PASSWORD.length; i++) pw[2 * i + 1] = PASSWORD.charCodeAt(i);
  const h = sha1.create();
  h.update(pw);
  h.update(utf8Encode('Mighty Aphrodite'));
  h.update(body);
  return concatBytes(body, h.digest());
}

function isKeystore(b: Uint8Array): boolean {
  return b.length > 32 && ((b[0] === 0xfe && b[1] === 0xed) || (b[0] === 0xce && b[1] === 0xce));
}

/** Offsets of the 4-byte big-endian fields a keystore walk meets (found loosely: every u32 whose value is a plausible length or tag). */
function u32Fields(b: Uint8Array): number[] {
  const out = [4, 8];
  for (let p = 12; p + 4 <= b.length - 20; p++) {
    const v = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
    if (v > 0 && v < b.length && b[p] === 0 && b[p + 1] === 0) out.push(p);
  }
  return out;
}

function keystoreMutation(b: Uint8Array, r: Rng): Mutation {
  const body = b.slice(0, b.length - 20);
  const view = new DataView(body.buffer);
  const op = r.int(7);
  let name: string;
  let out: Uint8Array = body;
  if (op === 0) {
    const at = r.pick(u32Fields(body));
    const v = r.pick(HOSTILE_U32);
    view.setUint32(at, v);
    name = `u32@${at}=${v}`;
  } else if (op === 1) {
    // An alias length (u16 right after a tag 1/2/3).
    const tags = [];
    for (let p = 12; p + 6 < body.length; p++) if (body[p] === 0 && body[p + 1] === 0 && body[p + 2] === 0 && body[p + 3]! >= 1 && body[p + 3]! <= 3) tags.push(p);
    if (!tags.length) return { op: 'ks:none', bytes: b };
    const at = r.pick(tags) + 4;
    view.setUint16(at, r.pick([0, 1, 0x7fff, 0xffff]));
    name = `alias-len@${at}`;
  } else if (op === 2) {
    // The entry count ×100 and the entries repeated: many entries with a valid hash.
    const entries = body.subarray(12);
    const times = r.pick([2, 10, 100]);
    out = new Uint8Array(12 + entries.length * times);
    out.set(body.subarray(0, 12));
    for (let i = 0; i < times; i++) out.set(entries, 12 + i * entries.length);
    new DataView(out.buffer).setUint32(8, view.getUint32(8) * times);
    name = `entries-x${times}`;
  } else if (op === 3) {
    // A flip inside a Java serialized object or a protected key (past the header).
    const ser = Array.from(body.keys()).filter((i) => body[i] === 0xac && body[i + 1] === 0xed);
    const at = ser.length && r.chance(0.7) ? r.pick(ser) + r.int(120) : 12 + r.int(body.length - 12);
    if (at < body.length) body[at] = r.chance(0.5) ? body[at]! ^ (1 << r.int(8)) : r.pick([0x70, 0x71, 0x72, 0x73, 0x75, 0x78, 0x7e, 0xff]);
    name = `flip@${at}`;
  } else if (op === 4) {
    const cut = 12 + r.int(body.length - 12);
    out = body.slice(0, cut);
    name = `cut@${cut}`;
  } else if (op === 5) {
    view.setUint32(4, r.pick([0, 3, 0xffffffff]));
    name = 'version';
  } else {
    // An iteration count in a PBE parameter: 02 03 03 0d 40 (200,000) → larger.
    for (let p = 0; p + 5 < body.length; p++) {
      if (body[p] === 0x02 && body[p + 1] === 0x03 && body[p + 2] === 0x03 && body[p + 3] === 0x0d && body[p + 4] === 0x40) {
        body.set(r.pick([[0x4c, 0x4b, 0x40], [0x7f, 0xff, 0xff], [0x00, 0x00, 0x00], [0x00, 0x00, 0x01]]), p + 2);
      }
    }
    name = 'iterations';
  }
  // Re-signed under the fuzz password, the keystore's keys count as explicitly unlocked (bounded
  // by PROVEN_KDF_MS, not the automatic budget): not for the multiplied stores, whose hundreds
  // of proven derivations would be the user's own choice, not a hostile file's doing.
  const sign = op !== 2 && r.chance(0.5);
  return { op: `ks:${name}${sign ? '+resigned' : ''}`, bytes: sign ? resign(out) : concatBytes(out, b.subarray(b.length - 20)) };
}

const KUBE = /^(?:apiVersion|kind|clusters|users)\s*:|^\s*\{/m;

function kubeMutation(text: string, r: Rng): Mutation {
  const lines = text.split('\n');
  const ops: [string, () => string][] = [
    ['alias-bomb', () => {
      let s = 'x0: &x0 [a, a, a, a, a, a, a, a, a]\n';
      for (let i = 1; i < 12; i++) s += `x${i}: &x${i} [${Array(9).fill(`*x${i - 1}`).join(', ')}]\n`;
      return text.replace(/^kind:/m, `${s}kind:`);
    }],
    ['deep-flow', () => text.replace(/^data:.*$/m, `data: ${'['.repeat(r.pick([63, 65, 5000]))}`)],
    ['deep-block', () => `${text}\nextra:\n${Array.from({ length: r.pick([60, 200, 2000]) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} x\n`],
    ['value-repeated', () => {
      // Many copies of a real value (the 10,000-value cap itself is a unit test): enough to
      // show cost growing with copies, few enough that a busy test machine stays in time.
      const i = lines.findIndex((l) => /^\s+\S+: \S{40,}/.test(l));
      if (i < 0) return text;
      const extra = Array.from({ length: r.pick([30, 300]) }, (_, k) => lines[i]!.replace(/^(\s+)\S+:/, `$1v${k}:`));
      return [...lines.slice(0, i + 1), ...extra, ...lines.slice(i + 1)].join('\n');
    }],
    ['base64-damage', () => text.replace(/([A-Za-z0-9+/]{40})/, (m) => m.slice(0, 20) + r.pick(['!', '=', ' ', '\u0000', '====']) + m.slice(21))],
    ['kind-swap', () => text.replace(/kind:\s*"?\w+"?/, `kind: ${r.pick(['List', 'Config', 'Secret', 'ConfigMap', 'SecretList', '[]', '{}', 'null'])}`)],
    ['huge-key', () => text.replace(/^(\s+)([\w.-]+):/m, (_, s: string) => `${s}${'k'.repeat(200_000)}:`)],
    ['drop-line', () => lines.filter((_, i) => i !== r.int(lines.length)).join('\n')],
    ['tabs', () => text.replace(/^ {2}/gm, '\t')],
    ['unclosed', () => text.replace(/: /, ': "')],
    ['items-nested', () => `{"kind":"List","items":[${text.trim().startsWith('{') ? text : '{}'}, {"kind":"List","items":[{"kind":"List","items":[]}]}]}`],
  ];
  const [op, f] = r.pick(ops);
  return { op: `kube:${op}`, bytes: utf8Encode(f()) };
}

function wrappedMutation(b: Uint8Array, r: Rng): Mutation | undefined {
  if (b[0] === 0xff || b[0] === 0xfe) {
    const op = r.int(3);
    if (op === 0) return { op: 'utf16:odd', bytes: b.subarray(0, b.length - 1) };
    const out = b.slice();
    const at = 2 + 2 * r.int((b.length - 2) >> 1);
    out.set(b[0] === 0xff ? [0x00, 0xd8] : [0xd8, 0x00], Math.min(at, out.length - 2)); // a lone high surrogate
    return { op: op === 1 ? 'utf16:lone-surrogate' : 'utf16:surrogate', bytes: out };
  }
  const text = utf8Decode(b, true);
  if (text === undefined || !/^[A-Za-z0-9+/=\s_-]+$/.test(text)) return undefined;
  const ops: [string, () => string][] = [
    ['b64-flip', () => { const i = r.int(text.length); return text.slice(0, i) + r.pick(['A', '/', '=', '-', '*']) + text.slice(i + 1); }],
    ['b64-cut', () => text.slice(0, r.int(text.length))],
    ['b64-twice', () => toBase64(utf8Encode(text))],
    ['b64-spaces', () => text.replace(/(.{7})/g, '$1 \t')],
  ];
  const [op, f] = r.pick(ops);
  return { op: `wrapped:${op}`, bytes: utf8Encode(f()) };
}

/** A mutation that knows the sample's format, or undefined to let the generic mutators act. */
export function formatsMutation(sample: Sample, r: Rng): Mutation | undefined {
  if (!sample.name.startsWith('formats/') || r.chance(0.3)) return undefined;
  const b = sample.bytes;
  if (isKeystore(b)) return keystoreMutation(b, r);
  const text = utf8Decode(b, true);
  if (text !== undefined && KUBE.test(text)) return kubeMutation(text, r);
  return wrappedMutation(b, r);
}
