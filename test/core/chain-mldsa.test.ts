/**
 * ML-DSA certificates (RFC 9881), after x509-limbo rfc9881::*. OpenSSL 3.0 here cannot make
 * them, so the test builds root → leaf with the DER writer and @noble/post-quantum.
 */
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../core/chain/index.js';
import { TAG, der, tlv } from '../../core/der.js';

type Dsa = typeof ml_dsa44;
const OIDS = new Map<Dsa, string>([
  [ml_dsa44, '2.16.840.1.101.3.4.3.17'],
  [ml_dsa65, '2.16.840.1.101.3.4.3.18'],
  [ml_dsa87, '2.16.840.1.101.3.4.3.19'],
]);
const ascii = (s: string) => new TextEncoder().encode(s);
const name = (cn: string) => der.seq(der.set(der.seq(der.oid('2.5.4.3'), tlv(0x0c, ascii(cn)))));
const ext = (oid: string, critical: boolean, value: Uint8Array) => der.seq(der.oid(oid), ...(critical ? [tlv(TAG.BOOLEAN, Uint8Array.of(0xff))] : []), der.octets(value));
const keyId = (n: number) => new Uint8Array(20).fill(n);

interface Spec {
  dsa: Dsa;
  subject: string;
  issuer: string;
  publicKey: Uint8Array;
  signerKey: Uint8Array;
  ski: number;
  aki?: number;
  ca: boolean;
  /** keyUsage bit string (first byte, unused bits). */
  ku: [number, number];
}

function certificate(s: Spec): Uint8Array {
  const alg = der.seq(der.oid(OIDS.get(s.dsa)!));
  const exts = [
    ext('2.5.29.19', true, s.ca ? der.seq(tlv(TAG.BOOLEAN, Uint8Array.of(0xff))) : der.seq()),
    ext('2.5.29.15', true, der.bits(Uint8Array.of(s.ku[0]), s.ku[1])),
    ext('2.5.29.14', false, der.octets(keyId(s.ski))),
    ...(s.aki ? [ext('2.5.29.35', false, der.seq(tlv(0x80, keyId(s.aki))))] : []),
    ...(s.ca ? [] : [ext('2.5.29.37', false, der.seq(der.oid('1.3.6.1.5.5.7.3.1'))), ext('2.5.29.17', false, der.seq(tlv(0x82, ascii('example.com'))))]),
  ];
  const tbs = der.seq(
    der.explicit(0, der.int(2)),
    der.uint(Uint8Array.of(0x01, s.ski, 0x42)),
    alg,
    name(s.issuer),
    der.seq(tlv(TAG.UTCTime, ascii('250101000000Z')), tlv(TAG.UTCTime, ascii('350101000000Z'))),
    name(s.subject),
    der.seq(alg, der.bits(s.publicKey)),
    der.explicit(3, der.seq(...exts)),
  );
  return der.seq(tbs, alg, der.bits(s.dsa.sign(tbs, s.signerKey)));
}

function pki(dsa: Dsa, leafKu: [number, number] = [0x80, 7], impostor = false) {
  const root = dsa.keygen();
  const other = dsa.keygen();
  const leaf = dsa.keygen();
  const rootCert = certificate({ dsa, subject: 'ML-DSA Root', issuer: 'ML-DSA Root', publicKey: root.publicKey, signerKey: root.secretKey, ski: 1, ca: true, ku: [0x06, 1] });
  const leafCert = certificate({ dsa, subject: 'example.com', issuer: 'ML-DSA Root', publicKey: leaf.publicKey, signerKey: impostor ? other.secretKey : root.secretKey, ski: 2, aki: 1, ca: false, ku: leafKu });
  return { rootCert, leafCert };
}

const at = new Date('2030-01-01T00:00:00Z');
const verify = (p: ReturnType<typeof pki>) => verifyChain(p.leafCert, { trusted: [p.rootCert], untrusted: [], crls: [], at, purpose: 'server', host: 'example.com' });

describe('ML-DSA chains (RFC 9881)', () => {
  it.each([['ML-DSA-44', ml_dsa44], ['ML-DSA-65', ml_dsa65], ['ML-DSA-87', ml_dsa87]] as const)('%s root → leaf is valid', async (_n, dsa) => {
    const r = await verify(pki(dsa));
    expect(r.issues).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('rejects a leaf signed by another ML-DSA key (rfc9881::ml-dsa-44-bad-signature)', async () => {
    const r = await verify(pki(ml_dsa44, [0x80, 7], true));
    expect(r.issues.map((i) => i.code)).toContain('bad_signature');
  });

  it.each([
    ['keyEncipherment (rfc9881::ml-dsa-44-key-encipherment)', [0xa0, 5]],
    ['keyAgreement (rfc9881::ml-dsa-44-key-agreement)', [0x88, 3]],
  ] as const)('rejects an ML-DSA leaf asserting %s', async (_n, ku) => {
    const r = await verify(pki(ml_dsa44, [ku[0], ku[1]]));
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => i.code)).toContain('key_usage');
  });
});
