/**
 * Mutations of JWK / JWK Set JSON: members a reader trusts (sizes, key types, curves, x5c, the
 * number of keys) rewritten in the parsed document, and the text itself cut, nested and bloated.
 * Keeps the JSON valid most of the time, so the reader gets past JSON.parse to the members.
 */
import { utf8Decode, utf8Encode } from '../../core/bytes.js';
import type { Rng } from './prng.js';

type Doc = Record<string, unknown>;
type Op = (doc: Doc, text: string, r: Rng) => { op: string; bytes: Uint8Array } | undefined;

const maybe = <T>(r: Rng, list: readonly T[]): T | undefined => (list.length ? r.pick(list) : undefined);
const json = (op: string, v: unknown) => ({ op, bytes: utf8Encode(JSON.stringify(v)) });
const keysOf = (doc: Doc): Doc[] => (Array.isArray(doc.keys) ? (doc.keys as Doc[]).filter((k) => k && typeof k === 'object') : [doc]);

const VALUES: unknown[] = [
  '', 'AA', 'AA=', 'A', '_-_-', '+/+/', '!!', 'x'.repeat(100_000), 'A'.repeat(5_000), null, 0, -1, 1e308, true, [], {}, ['AA'], { kty: 'oct' },
];
const KTY = ['RSA', 'EC', 'OKP', 'oct', 'rsa', 'DSA', '', 'ML-KEM'];
const CRV = ['P-256', 'P-384', 'P-521', 'secp256k1', 'Ed25519', 'Ed448', 'X25519', 'X448', 'P-192', 'brainpoolP256r1', ''];
const MEMBERS = ['kty', 'crv', 'x', 'y', 'd', 'n', 'e', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'kid', 'alg', 'use', 'key_ops', 'x5c', 'x5t', 'x5t#S256', 'x5u', 'oth'];

const member: Op = (doc, _t, r) => {
  const key = maybe(r, keysOf(doc));
  if (!key) return undefined;
  const name = r.pick([...Object.keys(key), ...MEMBERS]);
  const v = name === 'kty' && r.chance(0.5) ? r.pick(KTY) : name === 'crv' && r.chance(0.5) ? r.pick(CRV) : r.pick(VALUES);
  key[name] = v;
  return json(`jwk-member-${name}`, doc);
};

const drop: Op = (doc, _t, r) => {
  const key = maybe(r, keysOf(doc));
  const names = key ? Object.keys(key) : [];
  if (!names.length) return undefined;
  const name = r.pick(names);
  delete key![name];
  return json(`jwk-drop-${name}`, doc);
};

/** One octet more or less in a base64url member: sizes per curve and RSA lengths. */
const resize: Op = (doc, _t, r) => {
  const key = maybe(r, keysOf(doc));
  const names = key ? Object.keys(key).filter((n) => typeof key[n] === 'string' && /^[A-Za-z0-9_-]{2,}$/.test(key[n] as string)) : [];
  if (!names.length) return undefined;
  const name = r.pick(names);
  const bytes = Buffer.from(key![name] as string, 'base64url');
  const grown = r.chance(0.5) ? Buffer.concat([Buffer.from([r.int(256)]), bytes]) : bytes.subarray(1);
  key![name] = grown.toString('base64url');
  return json(`jwk-resize-${name}`, doc);
};

/** Swaps one member's value with the same member of another key (d of another key, say). */
const swap: Op = (doc, _t, r) => {
  const keys = keysOf(doc);
  if (keys.length < 2) return undefined;
  const [a, b] = [r.pick(keys), r.pick(keys)];
  const name = maybe(r, Object.keys(a).filter((n) => n in b));
  if (!name) return undefined;
  a[name] = b[name];
  return json(`jwk-swap-${name}`, doc);
};

const flood: Op = (doc, _t, r) => {
  const keys = keysOf(doc);
  const n = r.pick([40, 2_000, 12_000]);
  if (r.chance(0.5) && keys[0]) return json(`jwk-keys-x${n}`, { keys: Array.from({ length: n }, (_, i) => keys[i % keys.length]) });
  const key = maybe(r, keys);
  if (!key) return undefined;
  const certs = Array.isArray(key.x5c) && key.x5c.length ? (key.x5c as unknown[]) : ['MAA='];
  key.x5c = Array.from({ length: n }, (_, i) => certs[i % certs.length]);
  return json(`jwk-x5c-x${n}`, doc);
};

const text: Op = (_doc, t, r) => {
  const choice = r.int(5);
  if (choice === 0) return { op: 'jwk-truncate', bytes: utf8Encode(t.slice(0, r.int(t.length))) };
  if (choice === 1) {
    const depth = r.pick([17, 1_000, 100_000]);
    return { op: `jwk-nest-${depth}`, bytes: utf8Encode(t.replace(/\{/, `{"x":${'['.repeat(depth)}${']'.repeat(depth)},`)) };
  }
  if (choice === 2) return { op: 'jwk-bom-crlf', bytes: utf8Encode(`\ufeff${t.replace(/\n/g, '\r\n')}`) };
  if (choice === 3) return { op: 'jwk-duplicate-member', bytes: utf8Encode(t.replace(/\{/, '{"kty":"oct","k":"AA",')) };
  return { op: 'jwk-kid-1MB', bytes: utf8Encode(t.replace(/\{/, `{"kid":"${'\\u0007'.repeat(200_000)}",`)) };
};

const OPS: Op[] = [member, member, member, drop, resize, resize, swap, flood, text, text];

/** A mutation of JWK JSON, or undefined when `bytes` is not a JSON object. */
export function mutateJwk(bytes: Uint8Array, r: Rng): { op: string; bytes: Uint8Array } | undefined {
  const t = utf8Decode(bytes, true);
  if (t === undefined) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  return r.pick(OPS)(doc as Doc, t, r);
}
