/**
 * Issue 11, "match on explicit-parameter EC keys": parameters spelled out (openssl ecparam
 * -param_enc explicit) that equal a named curve are that curve; both halves hash as OpenSSL hashes
 * them (manifest.json, from `openssl pkey -pubout`); a certificate and its key are a pair, proven
 * by a signature; parameters that match no named curve give "could not compare", never "not a pair".
 */
import { execFileSync } from 'node:child_process';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { matchPair } from '../../../core/pairs.js';
import type { Item } from '../../../core/types.js';
import { NAMED_CURVE_PARAMETERS } from '../../../core/x509/ec-curves.js';
import { itemsOf, manifest } from './helpers.js';

const pub = (i: Item) => ('publicKey' in i ? i.publicKey : undefined);
const one = async (p: string) => (await itemsOf(p))[0]!;

describe('explicit EC parameters', () => {
  for (const [file, hash] of Object.entries(manifest.spkiSha256)) {
    it(`${file}: curve named, SPKI SHA-256 as OpenSSL computes it`, async () => {
      const k = pub(await one(file))!;
      expect(k.curve).toBe(file.includes('p384') ? 'P-384' : 'P-256');
      expect(k.spkiSha256).toBe(hash);
      expect(!!k.explicitParameters).toBe(!file.includes('named'));
    });
  }

  it('the public key file and the PKCS#8 form agree with the SEC1 key', async () => {
    const sec1 = pub(await one('ec-explicit/p256-explicit.key'))!;
    expect(pub(await one('ec-explicit/p256-explicit.pk8'))!.spkiSha256).toBe(sec1.spkiSha256);
    expect(pub(await one('ec-explicit/p256-explicit.pub.pem'))!.spkiSha256).toBe(sec1.spkiSha256);
  });

  it.each([
    ['ec-explicit/p256-explicit.crt', 'ec-explicit/p256-explicit.key'],
    ['ec-explicit/p256-explicit.crt', 'ec-explicit/p256-explicit.pk8'],
    ['ec-explicit/p256-named.crt', 'ec-explicit/p256-explicit.key'],
    ['ec-explicit/p256-explicit.crt', 'ec-explicit/p256-named.key'],
    ['ec-explicit/p384-explicit.crt', 'ec-explicit/p384-explicit.key'],
  ])('%s and %s are a pair, proven by a signature', async (c, k) => {
    const r = await matchPair(await one(c), await one(k));
    expect(r.verdict).toBe('match');
    expect(r.proof).toMatchObject({ signed: true, verified: true });
  });

  it('another explicit P-256 key is not a pair', async () => {
    expect((await matchPair(await one('ec-explicit/p256-explicit.crt'), await one('ec-explicit/other-explicit.key'))).verdict).toBe('different_key');
  });

  it('parameters that match no named curve: "could not compare", with a true sentence', async () => {
    const key = await one('ec-explicit/unnamed-curve.key');
    expect(key.kind === 'private-key' && key.curve).toBe('explicit parameters');
    for (const other of ['ec-explicit/unnamed-curve.pub.pem', 'ec-explicit/p256-explicit.crt']) {
      const r = await matchPair(await one(other), key);
      expect(r.verdict).toBe('not_comparable');
      expect(r.message).toMatch(/explicit curve parameters that match no named curve/);
      expect(r.message).not.toMatch(/encrypted/);
    }
  });

  it('the table of named curves equals OpenSSL and @noble/curves', () => {
    const noble: Record<string, { Point: { CURVE(): { p: bigint; a: bigint; b: bigint; n: bigint; h: bigint; Gx: bigint; Gy: bigint } } }> = { 'P-256': p256, 'P-384': p384, 'P-521': p521, secp256k1, brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 };
    const h = (x: string) => BigInt('0x' + x);
    for (const c of NAMED_CURVE_PARAMETERS) {
      const n = noble[c.name]?.Point.CURVE();
      if (n) expect([h(c.p), h(c.a), h(c.b), h(c.n), h(c.h), h(c.gx), h(c.gy)], c.name).toEqual([n.p, n.a, n.b, n.n, n.h, n.Gx, n.Gy]);
      const sn = { 'P-192': 'prime192v1', 'P-224': 'secp224r1', 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }[c.name] ?? c.name;
      const text = execFileSync('openssl', ['ecparam', '-name', sn, '-param_enc', 'explicit', '-noout', '-text'], { encoding: 'utf8' });
      const field = (label: string) => BigInt('0x' + (new RegExp(`${label}:\\s*((?:[0-9a-f]{2}:?\\s*)+)`).exec(text)?.[1] ?? '').replace(/[:\s]/g, ''));
      expect(field('Prime'), c.name).toBe(h(c.p));
      expect(field('Order'), c.name).toBe(h(c.n));
    }
  });
});
