// core/keys/jwk-write.ts: python's cryptography loads the JWK numbers we write and serializes
// exactly the PKCS#8 / SPKI OpenSSL wrote for the same key; kid is the RFC 7638 thumbprint
// (checked against the RFC's own example); our reader reads it back; what JWK cannot express
// is refused with a sentence.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toHex, utf8Encode } from '../../core/bytes.js';
import { jwkThumbprint } from '../../core/keys/jwk-codec.js';
import { jwkRefusal, pkcs8ToJwk, spkiToJwk, type Jwk } from '../../core/keys/jwk-write.js';
import { parseFile } from '../../core/parse.js';
import { splitPem } from '../../core/pem.js';
import type { PrivateKeyItem, PublicKeyItem } from '../../core/types.js';
import { KEYFMT, PYTHON, requireTool } from './jwk-putty-helpers.js';

const FILES = new URL('../fixtures/files/', import.meta.url).pathname;
const pemDer = (path: string) => splitPem(readFileSync(path, 'utf8')).blocks[0]!.der;

/** OpenSSL-made keys: the PKCS#8 PEM (`openssl genpkey` / `openssl pkcs8 -topk8`) and its SPKI PEM. */
const KEYS: [string, string, string][] = [
  ['rsa-2048', FILES + 'keys/rsa-2048.key', FILES + 'public/rsa-2048.pub.pem'],
  ['ec-p256', FILES + 'keys/ec-p256.key', FILES + 'public/ec-p256.pub.pem'],
  ['ec-p384', FILES + 'keys/ec-p384.key', FILES + 'public/ec-p384.pub.pem'],
  ['ec-p521', FILES + 'keys/ec-p521.key', FILES + 'public/ec-p521.pub.pem'],
  ['secp256k1', KEYFMT + 'pem/jwk-ec-secp256k1.key', KEYFMT + 'pem/jwk-ec-secp256k1.pub.pem'],
  ['ed25519', FILES + 'keys/ed25519.key', FILES + 'public/ed25519.pub.pem'],
  ['ed448', FILES + 'keys/ed448.key', FILES + 'public/ed448.pub.pem'],
  ['x25519', FILES + 'keys/x25519.key', FILES + 'public/x25519.pub.pem'],
  ['x448', FILES + 'keys/x448.key', FILES + 'public/x448.pub.pem'],
  ['rsa-3072 (via puttygen)', KEYFMT + 'pem/putty-openssl-rsa-3072.key', KEYFMT + 'pem/putty-openssl-rsa-3072.pub.pem'],
];

/** Python: each JWK's numbers through cryptography's *Numbers / from_*_bytes, serialized as DER. */
const LOAD_JWKS = String.raw`
import base64, json, sys
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, ed448, rsa, x25519, x448
b = lambda v: base64.urlsafe_b64decode(v + '=' * (-len(v) % 4))
i = lambda v: int.from_bytes(b(v), 'big')
CURVES = {'P-256': ec.SECP256R1, 'P-384': ec.SECP384R1, 'P-521': ec.SECP521R1, 'secp256k1': ec.SECP256K1}
PRIV = {'Ed25519': ed25519.Ed25519PrivateKey, 'Ed448': ed448.Ed448PrivateKey, 'X25519': x25519.X25519PrivateKey, 'X448': x448.X448PrivateKey}
PUB = {'Ed25519': ed25519.Ed25519PublicKey, 'Ed448': ed448.Ed448PublicKey, 'X25519': x25519.X25519PublicKey, 'X448': x448.X448PublicKey}
def load(j):
    if j['kty'] == 'RSA':
        pub = rsa.RSAPublicNumbers(i(j['e']), i(j['n']))
        if 'd' not in j: return pub.public_key()
        return rsa.RSAPrivateNumbers(i(j['p']), i(j['q']), i(j['d']), i(j['dp']), i(j['dq']), i(j['qi']), pub).private_key()
    if j['kty'] == 'EC':
        pub = ec.EllipticCurvePublicNumbers(i(j['x']), i(j['y']), CURVES[j['crv']]())
        return ec.EllipticCurvePrivateNumbers(i(j['d']), pub).private_key() if 'd' in j else pub.public_key()
    if 'd' in j:
        k = PRIV[j['crv']].from_private_bytes(b(j['d']))
        assert k.public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw) == b(j['x']), 'x is not the public key of d'
        return k
    return PUB[j['crv']].from_public_bytes(b(j['x']))
out = []
for j in json.load(sys.stdin):
    k = load(j)
    der = k.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption()) if 'd' in j else k.public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo)
    out.append(der.hex())
print(json.dumps(out))
`;

function pythonDers(jwks: Jwk[]): string[] {
  const r = spawnSync(PYTHON!, ['-c', LOAD_JWKS], { input: JSON.stringify(jwks), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as string[];
}

describe('JWK thumbprints', () => {
  it('match RFC 7638 §3.1\'s example', () => {
    const n = '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    expect(jwkThumbprint({ kty: 'RSA', n, e: 'AQAB' })).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('match RFC 8037 appendix A.3\'s Ed25519 example', () => {
    expect(jwkThumbprint({ crv: 'Ed25519', kty: 'OKP', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' })).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });
});

describe('pkcs8ToJwk / spkiToJwk', () => {
  it.each(KEYS)('%s: written, read back by our reader to the same DER, kid = thumbprint', async (_n, keyPath, pubPath) => {
    const pkcs8 = pemDer(keyPath);
    const spki = pemDer(pubPath);
    const priv = pkcs8ToJwk(pkcs8);
    const pub = spkiToJwk(spki);
    expect(pub.kid).toBe(priv.kid);
    expect(Object.keys(pub)).not.toContain('d');
    for (const [jwk, der, kind] of [[priv, pkcs8, 'private-key'], [pub, spki, 'public-key']] as const) {
      const r = await parseFile({ name: 'k.jwk', bytes: utf8Encode(JSON.stringify(jwk)) });
      expect(r.errors).toEqual([]);
      const item = r.items[0] as PrivateKeyItem | PublicKeyItem;
      expect(item.kind).toBe(kind);
      expect(toHex(item.der)).toBe(toHex(der));
      expect(item.jwk?.thumbprint).toBe(jwk.kid);
      expect(item.findings.filter((f) => f.code.startsWith('jwk_'))).toEqual([]);
    }
  });

  const ok = requireTool(PYTHON !== undefined, "python3 with the 'cryptography' package");
  it.runIf(ok)('python cryptography loads every JWK\'s numbers to exactly the DER OpenSSL wrote', () => {
    const jwks = KEYS.flatMap(([, k, p]) => [pkcs8ToJwk(pemDer(k)), spkiToJwk(pemDer(p))]);
    const want = KEYS.flatMap(([, k, p]) => [toHex(pemDer(k)), toHex(pemDer(p))]);
    expect(pythonDers(jwks)).toEqual(want);
  });

  it.each([
    ['DSA', FILES + 'keys/dsa-2048.key', /no key type for DSA/],
    ['RSA-PSS', FILES + 'keys/rsa-pss-2048.key', /RSA-PSS/],
    ['brainpool', FILES + 'keys/ec-brainpoolP256r1.key', /no registered name for the curve brainpoolP256r1/],
  ])('refuses %s with a sentence', (_n, path, why) => {
    const der = pemDer(path);
    expect(jwkRefusal(der, 'private')).toMatch(why);
    expect(() => pkcs8ToJwk(der)).toThrow(/^Cannot write this key as a JWK: /);
    expect(jwkRefusal(new Uint8Array([0x30, 0x00]), 'public')).toMatch(/not a SubjectPublicKeyInfo/);
  });

  it('writes EC d and coordinates at the curve\'s full size, RSA numbers without leading zeros', () => {
    const ec = pkcs8ToJwk(pemDer(FILES + 'keys/ec-p521.key'));
    for (const m of ['x', 'y', 'd']) expect(Buffer.from(ec[m]!, 'base64url')).toHaveLength(66);
    const rsa = pkcs8ToJwk(pemDer(FILES + 'keys/rsa-2048.key'));
    for (const m of ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi']) expect(Buffer.from(rsa[m]!, 'base64url')[0]).not.toBe(0);
    expect(Object.keys(rsa)).toEqual(['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'kid']);
  });
});
