// The JWK reader's rules, from hand-made JWKs: what is claimed, strict members, the checks that
// tie private members and certificates to the key, limits, and where each item says it was.
import { readFileSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../../core/bytes.js';
import { JWK_LIMITS, looksLikeJwk } from '../../core/keys/jwk.js';
import { toBase64url } from '../../core/keys/jwk-codec.js';
import { parseFile } from '../../core/parse.js';
import type { Item, PrivateKeyItem } from '../../core/types.js';
import { KEYFMT } from './jwk-putty-helpers.js';

type J = Record<string, unknown>;
const fixture = (name: string): J => JSON.parse(readFileSync(KEYFMT + 'jwk/' + name, 'utf8')) as J;
const RSA = fixture('rsa-2048.jwk');
const RSA_PUB = fixture('rsa-2048.pub.jwk');
const EC = fixture('ec-p256.jwk');
const EC_PUB = fixture('ec-p256.pub.jwk');
const X5C = (fixture('mixed.jwks').keys as J[])[0]!.x5c as string[];

const parse = (doc: unknown, passwords: string[] = []) => parseFile({ name: 'k.jwk', bytes: utf8Encode(typeof doc === 'string' ? doc : JSON.stringify(doc)), passwords });
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);
const findingCodes = (i: Item) => i.findings.map((f) => f.code);

describe('what the JWK reader claims', () => {
  it.each([
    ['a JWK', '{"kty":"oct","k":"AA"}', true],
    ['a JWK Set after white space and a BOM', '\ufeff \n {"keys":[]}', true],
    ['an array of JWKs', '[{"kty":"oct"}]', false],
    ['JSON without JWK members', '{"apiVersion":"v1"}', false],
    ['PEM text', '-----BEGIN PUBLIC KEY-----', false],
  ])('%s: %s', (_n, text, want) => expect(looksLikeJwk(text)).toBe(want));

  it('gives back JSON that only mentions "keys" deeper down (a Kubernetes manifest)', async () => {
    const r = await parse({ apiVersion: 'v1', kind: 'Secret', data: { keys: 'eyJrZXlzIjpbXX0=' } });
    expect(r.items).toEqual([]);
    expect(codes(r)).toEqual(['unknown_format']);
  });

  it('claims broken JSON whose top level names "kty" or "keys", with a sentence', async () => {
    for (const text of ['{"kty": "RSA", "n": ', '{ "keys" : [{"kty": "oct"}']) {
      const r = await parse(text);
      expect(r.errors.map((e) => [e.code, e.message])).toEqual([['der_invalid', 'This text looks like a JWK or JWK Set (it names "kty" or "keys") but is not valid JSON: it may be truncated or damaged.']]);
    }
  });

  it('leaves big or deep JSON alone unless its top level is a JWK\'s (a kubectl List may be both)', async () => {
    const deep = { kind: 'List', items: [{ data: { keys: 'x' }, spec: JSON.parse(`${'{"a":'.repeat(30)}1${'}'.repeat(30)}`) }] };
    expect(codes(await parse(deep))).toEqual(['unknown_format']);
    const big = { kind: 'List', note: 'A'.repeat(17 << 20), data: { keys: [] } };
    expect(codes(await parse(big))).toEqual(['unknown_format']);
    expect(codes(await parse('{"note": "{\\"kty\\": 1}"}'))).toEqual(['unknown_format']);
  });
});

describe('strict members', () => {
  it.each([
    ['padding', { ...EC_PUB, y: `${EC_PUB.y as string}=` }, 'base64_invalid', /"y" is not base64url without padding/],
    ['white space', { ...EC_PUB, x: ` ${EC_PUB.x as string}` }, 'base64_invalid', /"x"/],
    ['non-canonical trailing bits', { kty: 'OKP', crv: 'Ed25519', x: `${'A'.repeat(42)}B` }, 'base64_invalid', /"x"/],
    ['a missing member', { kty: 'EC', crv: 'P-256', x: EC_PUB.x }, 'der_invalid', /member "y" is missing/],
    ['a member of the wrong type', { ...RSA_PUB, e: 65537 }, 'der_invalid', /member "e" must be a string/],
    ['a coordinate of the wrong size', { ...EC_PUB, x: toBase64url(new Uint8Array(33)) }, 'der_invalid', /"x" has 33 octets; this curve needs exactly 32/],
    ['an Ed448 key of Ed25519 size', { kty: 'OKP', crv: 'Ed448', x: toBase64url(new Uint8Array(32)) }, 'der_invalid', /needs exactly 57/],
    ['a point off the curve', { ...EC_PUB, y: EC_PUB.x }, 'der_invalid', /not a point on P-256/],
    ['an unknown curve', { ...EC_PUB, crv: 'P-192' }, 'unsupported_algorithm', /"P-192" is not one of/],
    ['an unknown key type', { kty: 'ML-DSA' }, 'unsupported_algorithm', /key type \(kty\) "ML-DSA"/],
    ['multi-prime RSA', { ...RSA, oth: [] }, 'unsupported_algorithm', /multi-prime/],
    ['some CRT members only', { ...RSA, dq: undefined, qi: undefined }, 'der_invalid', /lacks dq, qi/],
    ['EC d of zero', { ...EC, d: toBase64url(new Uint8Array(32)) }, 'der_invalid', /not between 1 and the order of P-256/],
    ['an empty oct key', { kty: 'oct', k: '' }, 'der_invalid', /"k" is empty/],
    ['an RSA key over 16,384 bits', { kty: 'RSA', n: toBase64url(Uint8Array.from([1, ...new Uint8Array(2048).fill(0xff)])), e: 'AQAB' }, 'limit_exceeded', /16,385 bits, above the limit of 16,384/],
    ['an RSA exponent longer than the modulus', { kty: 'RSA', n: 'AQAB', e: toBase64url(new Uint8Array(8).fill(1)) }, 'der_invalid', /longer than the modulus/],
  ])('%s is an error naming the member', async (_n, jwk, code, message) => {
    const r = await parse(jwk);
    expect(r.items).toEqual([]);
    expect(codes(r)).toEqual([code]);
    expect(r.errors[0]!.message).toMatch(/^The JWK: /);
    expect(r.errors[0]!.message).toMatch(message);
  });

  it('reads a leading zero octet leniently, with a note', async () => {
    const n = Buffer.from(RSA_PUB.n as string, 'base64url');
    const r = await parse({ ...RSA_PUB, n: toBase64url(new Uint8Array([0, ...n])) });
    expect(r.errors).toEqual([]);
    expect(r.items[0]!.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/"n" starts with a zero octet/)]);
    expect((r.items[0] as Item & { publicKey: { bits: number } }).publicKey.bits).toBe(2048);
  });

  it('ignores naming members of the wrong type with a note, keeping the key', async () => {
    const r = await parse({ ...EC_PUB, kid: 7, key_ops: ['sign', 'sign'], use: 'sig' });
    expect(r.errors).toEqual([]);
    expect(r.items[0]!.jwk).toEqual({ use: 'sig', thumbprint: expect.any(String) });
    expect(r.items[0]!.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/"kid" is not a string/), expect.stringMatching(/"key_ops" is not an array of distinct strings/)]);
  });
});

describe('private members are checked against the public ones', () => {
  it('RSA: each inconsistent CRT member is an error finding; the key is still listed', async () => {
    const r = await parse({ ...RSA, qi: RSA.dp });
    expect(r.errors).toEqual([]);
    expect(r.items[0]!.findings.filter((f) => f.code === 'jwk_private_mismatch').map((f) => [f.severity, f.message])).toEqual([['error', 'The RSA private members do not form one key: qi is not the inverse of q mod p.']]);
  });

  it('RSA with d alone: the primes are recovered; a wrong d is an error', async () => {
    const { kty, n, e, d } = RSA;
    const r = await parse({ kty, n, e, d });
    const full = await parse(RSA);
    expect(r.errors).toEqual([]);
    expect(Buffer.from(r.items[0]!.der).equals(Buffer.from(full.items[0]!.der))).toBe(true);
    const bad = await parse({ kty, n, e, d: RSA.p });
    expect(bad.errors.map((x) => x.message)).toEqual(['The JWK: the RSA private exponent d does not belong to n and e (the primes cannot be recovered from them)']);
  });

  it('OKP: an x that is not the public key of d is an error finding', async () => {
    const d = ed25519.utils.randomSecretKey();
    const other = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
    const r = await parse({ kty: 'OKP', crv: 'Ed25519', x: toBase64url(other), d: toBase64url(d) });
    expect(findingCodes(r.items[0]!)).toContain('jwk_private_mismatch');
    const good = await parse({ kty: 'OKP', crv: 'Ed25519', x: toBase64url(ed25519.getPublicKey(d)), d: toBase64url(d) });
    expect(findingCodes(good.items[0]!)).not.toContain('jwk_private_mismatch');
  });

  it('beyond the file\'s budget for key arithmetic, keys are listed with their stated public half and a note', async () => {
    const keys = Array.from({ length: 300 }, () => {
      const d = ed25519.utils.randomSecretKey();
      return { kty: 'OKP', crv: 'Ed25519', x: toBase64url(ed25519.getPublicKey(d)), d: toBase64url(d) };
    });
    const r = await parse({ keys });
    expect(r.items).toHaveLength(300);
    expect(codes(r)).toEqual(['limit_exceeded']);
    const last = r.items[299] as PrivateKeyItem;
    expect(last.publicKey?.algorithm).toBe('Ed25519');
    expect(last.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/not checked against the public ones/)]);
  });
});

describe('x5c, x5t, x5u', () => {
  it('each certificate is an item after its key, located by the key', async () => {
    const r = await parse({ keys: [{ ...RSA_PUB, kid: 'a "quoted"\u0007 kid', x5c: X5C }] });
    expect(r.items.map((i) => [i.kind, i.location, i.container, i.format])).toEqual([
      ['public-key', 'keys[0] kid "a \\"quoted\\"\\u0007 kid"', 'jwk', 'jwk'],
      ['certificate', 'keys[0] kid "a \\"quoted\\"\\u0007 kid" x5c[0]', 'jwk', 'jwk'],
      ['certificate', 'keys[0] kid "a \\"quoted\\"\\u0007 kid" x5c[1]', 'jwk', 'jwk'],
    ]);
    const lone = await parse({ ...RSA_PUB, x5c: X5C.slice(0, 1) });
    expect(lone.items.map((i) => i.location)).toEqual([undefined, 'x5c[0]']);
  });

  it('x5t / x5t#S256 that are not the first certificate\'s thumbprints are error findings', async () => {
    const der = Buffer.from(X5C[0]!, 'base64');
    const sha1 = (await import('node:crypto')).createHash('sha1').update(der).digest('base64url');
    const good = await parse({ ...RSA_PUB, x5c: X5C, x5t: sha1 });
    expect(findingCodes(good.items[0]!)).not.toContain('jwk_x5t_mismatch');
    const bad = await parse({ ...RSA_PUB, x5c: X5C, 'x5t#S256': sha1 });
    expect(findingCodes(bad.items[0]!)).toContain('jwk_x5t_mismatch');
  });

  it('a bad entry is an error naming it; the key and the other certificates stay', async () => {
    const r = await parse({ ...RSA_PUB, kid: 'k', x5c: [X5C[0], 'not*base64', 7, Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]).toString('base64')] });
    expect(r.items.map((i) => i.kind)).toEqual(['public-key', 'certificate']);
    expect(r.errors.map((e) => [e.code, e.message])).toEqual([
      ['base64_invalid', 'kid "k" x5c[1] is not a base64 string'],
      ['base64_invalid', 'kid "k" x5c[2] is not a base64 string'],
      ['der_invalid', 'kid "k" x5c[3] is not an X.509 certificate'],
    ]);
    expect(codes(await parse({ ...RSA_PUB, x5c: X5C[0] }))).toEqual(['der_invalid']);
  });

  it('reads at most 32 certificates of one key', async () => {
    const r = await parse({ ...RSA_PUB, x5c: Array.from({ length: 40 }, () => X5C[1]) });
    expect(r.items.filter((i) => i.kind === 'certificate')).toHaveLength(JWK_LIMITS.x5cPerKey);
    expect(r.errors.map((e) => e.message)).toEqual(['The JWK: more than 32 certificates in one x5c; the rest were not read']);
  });

  it('x5u is named, never fetched', async () => {
    const r = await parse({ ...EC_PUB, x5u: 'https://example.test/cert.pem' });
    expect(r.items[0]!.findings.find((f) => f.code === 'jwk_x5u_not_fetched')?.severity).toBe('info');
  });
});

describe('alg against the key', () => {
  it.each([
    [{ ...EC_PUB, alg: 'ES384' }, /"ES384", which cannot be used with a EC P-256 key/],
    [{ ...RSA_PUB, alg: 'EdDSA' }, /"EdDSA"/],
    [{ kty: 'oct', alg: 'HS256', k: toBase64url(new Uint8Array(16)) }, /at least 256 bits \(RFC 7518 §3.2\); this one has 128/],
    [{ kty: 'oct', alg: 'A128KW', k: toBase64url(new Uint8Array(32)) }, /exactly 128 bits; this one has 256/],
  ])('%j', async (jwk, message) => {
    const r = await parse(jwk);
    expect(r.items[0]!.findings.filter((f) => f.code === 'jwk_alg_mismatch').map((f) => f.message)).toEqual([expect.stringMatching(message)]);
  });

  it('fitting and unregistered algorithms say nothing', async () => {
    for (const jwk of [{ ...EC_PUB, alg: 'ES256' }, { ...RSA_PUB, alg: 'PS512' }, { ...EC_PUB, alg: 'ECDH-ES+A128KW' }, { ...EC_PUB, alg: 'x-private-use' }]) {
      expect(findingCodes((await parse(jwk)).items[0]!)).not.toContain('jwk_alg_mismatch');
    }
  });
});

describe('limits', () => {
  it('a set of more than 1,000 keys reads the first 1,000 and says so', async () => {
    expect(JWK_LIMITS.keys).toBe(1_000);
    const r = await parse({ keys: Array.from({ length: JWK_LIMITS.keys + 5 }, (_, i) => ({ kty: 'oct', kid: `k${i}`, k: 'AAAA' })) });
    expect(r.items).toHaveLength(JWK_LIMITS.keys);
    expect(r.errors.map((e) => [e.code, e.message])).toEqual([['limit_exceeded', 'This JWK Set has 1,005 keys, more than the 1,000 read from one file; the rest were not read.']]);
    // oct keys are told apart by where they are, never by their octets.
    expect(new Set(r.items.map((i) => i.sha256)).size).toBe(JWK_LIMITS.keys);
  });

  it('JSON over 16 MiB or nested deeper than 16 is refused without parsing', async () => {
    const big = await parse(`{"kty":"oct","k":"${'A'.repeat(JWK_LIMITS.bytes)}"}`);
    expect(codes(big)).toEqual(['limit_exceeded']);
    const deep = await parse(`{"kty":"oct","x":${'['.repeat(17)}${']'.repeat(17)}}`);
    expect(codes(deep)).toEqual(['limit_exceeded']);
    // Brackets inside strings do not count.
    const quoted = await parse(`{"kty":"oct","k":"AA","note":"${'['.repeat(100)}"}`);
    expect(codes(quoted)).toEqual([]);
  });
});
