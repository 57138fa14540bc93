// Every JWK / JWK Set fixture (written by python's cryptography from OpenSSL-made keys, x5c
// certificates by OpenSSL; see test/fixtures/keyfmt/make-keyfmt.py), read through parseFile and
// compared with the manifest: kinds, sensitivity, key facts, OpenSSL's SPKI and PKCS#8
// SHA-256, RFC 7638 thumbprints (computed by the script), locations, findings, errors.
import { describe, expect, it } from 'vitest';
import { filesToJson } from '../../cli/json.js';
import { findPairs } from '../../core/pairs.js';
import { parseFile } from '../../core/parse.js';
import type { PrivateKeyItem, SecretKeyItem } from '../../core/types.js';
import { bytesOf, expectErrors, expectItems, manifest, read } from './jwk-putty-helpers.js';

const entries = manifest.files.filter((e) => e.path.startsWith('jwk/'));

describe('JWK fixtures', () => {
  it('cover every key type and curve, sets, x5c, oct and the broken cases', () => {
    const paths = entries.map((e) => e.path).join(' ');
    for (const want of ['rsa-2048', 'ec-p256', 'ec-p384', 'ec-p521', 'ec-secp256k1', 'ed25519', 'ed448', 'x25519', 'x448']) {
      expect(paths).toContain(`jwk/${want}.jwk`);
      expect(paths).toContain(`jwk/${want}.pub.jwk`);
    }
    for (const want of ['mixed.jwks', 'public.jwks', 'private.jwks', 'oct-a256kw.jwk', 'rsa-2048-without-crt.jwk', 'broken/']) expect(paths).toContain(want);
  });

  it.each(entries.map((e) => [e.path, e] as const))('%s', async (_p, e) => {
    const r = await read(e.path);
    expectErrors(r, e.errors);
    expectItems(r.items, e.items);
  });

  it('reads the key of a JWK Set entry that has no kid or a bad sibling', async () => {
    const r = await read('jwk/broken/one-bad-key.jwks');
    expect(r.errors[0]!.message).toMatch(/^keys\[1\]: member "x" is not base64url without padding/);
  });

  it('a key that differs from its x5c certificate is an error finding, a matching one is not', async () => {
    const r = await read('jwk/mixed.jwks');
    const bad = r.items.find((i) => i.jwk?.kid === 'ec-wrong-cert')!;
    expect(bad.findings.find((f) => f.code === 'jwk_x5c_mismatch')).toMatchObject({ severity: 'error' });
    const good = r.items.find((i) => i.jwk?.kid === 'rsa-signing')!;
    expect(good.findings.map((f) => f.code)).not.toContain('jwk_x5c_mismatch');
    expect(good.findings.map((f) => f.code)).not.toContain('jwk_x5t_mismatch');
    // The certificate pairs with nothing private here, but its key is the JWK's key.
    const cert = r.items.find((i) => i.location === 'keys[0] kid "rsa-signing" x5c[0]')!;
    expect(cert.kind === 'certificate' && good.kind === 'public-key' && cert.publicKey.spkiSha256 === good.publicKey.spkiSha256).toBe(true);
  });

  it('pairs a private JWK with the certificate of its key', async () => {
    const priv = await read('jwk/rsa-2048.jwk');
    const set = await read('jwk/mixed.jwks');
    const items = [...priv.items, ...set.items];
    const pairs = await findPairs(items);
    const cert = items.findIndex((i) => i.location === 'keys[0] kid "rsa-signing" x5c[0]');
    expect(pairs.find((p) => p.privateIndex === 0 && p.publicIndex === cert)?.result.verdict).toBe('match');
  });

  it('an oct key is a secret key whose octets are in no field and no JSON', async () => {
    const text = new TextDecoder().decode(bytesOf('jwk/mixed.jwks'));
    const k = (JSON.parse(text) as { keys: { kid?: string; k?: string }[] }).keys.find((x) => x.kid === 'hmac')!.k!;
    const raw = Buffer.from(k, 'base64url');
    const r = await parseFile({ name: 'mixed.jwks', bytes: bytesOf('jwk/mixed.jwks') });
    const secret = r.items.find((i) => i.kind === 'secret-key') as SecretKeyItem;
    expect([secret.sensitivity, secret.algorithm, secret.bits, secret.jwk?.thumbprint]).toEqual(['private', 'HS256', 256, undefined]);
    const json = JSON.stringify(filesToJson([{ path: 'mixed.jwks', items: r.items, errors: r.errors }]));
    for (const needle of [k, raw.toString('hex'), raw.toString('base64')]) expect(json).not.toContain(needle);
    expect(Buffer.from(secret.der).includes(raw)).toBe(false);
  });

  it('private JWKs never put private members in the JSON output', async () => {
    const text = new TextDecoder().decode(bytesOf('jwk/private.jwks'));
    const ds = (JSON.parse(text) as { keys: { d: string }[] }).keys.map((x) => x.d);
    const r = await read('jwk/private.jwks');
    const json = JSON.stringify(filesToJson([{ path: 'private.jwks', items: r.items, errors: r.errors }]));
    for (const d of ds) {
      expect(json).not.toContain(d);
      expect(json).not.toContain(Buffer.from(d, 'base64url').toString('hex'));
    }
    expect(json).toContain('"thumbprint"');
  });

  it('the JWK of an OpenSSL key gives the PKCS#8 OpenSSL writes for it', async () => {
    for (const name of ['rsa-2048', 'ec-p521', 'ed448', 'x25519']) {
      const [key] = (await read(`jwk/${name}.jwk`)).items as PrivateKeyItem[];
      const [pem] = (await read(manifest.keys[`jwk-${name}`]!.pem)).items as PrivateKeyItem[];
      expect(Buffer.from(key!.der).equals(Buffer.from(pem!.der))).toBe(true);
    }
  });
});
