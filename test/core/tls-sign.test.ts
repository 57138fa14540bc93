/**
 * CertificateVerify signing per key type (RFC 8446 §4.2.3 schemes), each signature checked by
 * OpenSSL through node:crypto with the key's public half; keys TLS 1.3 cannot sign with are
 * refused in words. Keys: the project's standalone fixture keys (test/fixtures/files/keys).
 */
import { createPublicKey, constants, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../../core/bytes.js';
import { parseFile } from '../../core/parse.js';
import { schemeFor, signWith, verifyWith } from '../../core/tls/sign.js';
import type { PrivateKeyItem } from '../../core/types.js';
import { FIXTURES } from '../cli/helpers.js';

async function key(name: string): Promise<{ item: PrivateKeyItem; pem: string }> {
  const pem = readFileSync(path.join(FIXTURES, 'keys', name), 'utf8');
  const r = await parseFile({ name, bytes: utf8Encode(pem) });
  return { item: r.items.find((i) => i.kind === 'private-key') as PrivateKeyItem, pem };
}

const content = utf8Encode(' '.repeat(64) + 'TLS 1.3, server CertificateVerify\0' + 'x'.repeat(32));

describe('each TLS 1.3 signature scheme signs, verifies, and OpenSSL agrees', () => {
  const table = [
    { file: 'rsa-2048.key', scheme: 'rsa_pss_rsae_sha256', hash: 'sha256', pss: true },
    { file: 'rsa-pss-2048.key', scheme: 'rsa_pss_pss_sha256', hash: 'sha256', pss: true },
    { file: 'ec-p256.key', scheme: 'ecdsa_secp256r1_sha256', hash: 'sha256' },
    { file: 'ec-p384.key', scheme: 'ecdsa_secp384r1_sha384', hash: 'sha384' },
    { file: 'ec-p521.key', scheme: 'ecdsa_secp521r1_sha512', hash: 'sha512' },
    { file: 'ed25519.key', scheme: 'ed25519', hash: null },
    { file: 'ed448.key', scheme: 'ed448', hash: null },
  ];
  it.each(table)('$file → $scheme', async ({ file, scheme, hash, pss }) => {
    const { item, pem } = await key(file);
    const choice = schemeFor(item.publicKey!);
    expect(choice).toMatchObject({ scheme });
    if (!('scheme' in choice)) return;
    const sig = await signWith(item, choice.scheme, content);
    expect(await verifyWith(item.publicKey!, choice.scheme, content, sig)).toEqual({ ok: true });
    const pub = createPublicKey(pem);
    expect(nodeVerify(hash, content, pss ? { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : pub, sig)).toBe(true);
    const other = content.slice();
    other[0] = 0x21;
    expect((await verifyWith(item.publicKey!, choice.scheme, other, sig)).ok).toBe(false);
  });

  it.each([
    { file: 'dsa-2048.key', why: /no signature scheme for DSA/ },
    { file: 'ec-brainpoolP256r1.key', why: /only with EC keys on P-256, P-384 and P-521; this key is on brainpoolP256r1/ },
  ])('$file cannot sign in TLS 1.3', async ({ file, why }) => {
    const { item } = await key(file);
    const choice = schemeFor(item.publicKey!);
    expect('unsupported' in choice && choice.unsupported).toMatch(why);
  });

  it('an X25519 key cannot sign', async () => {
    const { item } = await key('x25519.key');
    expect(schemeFor(item.publicKey!)).toEqual({ unsupported: expect.stringMatching(/agrees keys but cannot sign/) });
  });
});
