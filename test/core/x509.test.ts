import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { concatBytes, fromHex } from '../../core/bytes.js';
import { der as w, readRoot, value } from '../../core/der.js';
import { readName } from '../../core/names.js';
import { parseFile } from '../../core/parse.js';
import type { CertificateItem, CrlItem, CsrItem, ExtensionData } from '../../core/types.js';
import { readX509Der } from '../../core/x509/index.js';
import { readSpki } from '../../core/x509/spki.js';

const FILES = join(__dirname, '..', 'fixtures', 'files');
const bytes = (p: string) => new Uint8Array(readFileSync(join(FILES, p)));
const one = async <T>(p: string) => {
  const r = await parseFile({ name: p, bytes: bytes(p) });
  expect(r.errors).toEqual([]);
  return r.items[0] as T;
};
const dataOf = (c: { extensions: { data?: ExtensionData }[] }, type: string) => c.extensions.find((e) => e.data?.type === type)?.data;

describe('certificates from the corpus', () => {
  test('constrained CA: structured extension data for the chain engine', async () => {
    const c = await one<CertificateItem>('certs/constrained-ca.crt');
    expect(c.version).toBe(3);
    expect(dataOf(c, 'basicConstraints')).toEqual({ type: 'basicConstraints', ca: true, pathLen: 1 });
    expect(dataOf(c, 'nameConstraints')).toMatchObject({
      permitted: expect.arrayContaining([{ type: 'ip', value: '192.0.2.0/255.255.255.0', bytesHex: 'c0000200ffffff00' }]),
      excluded: expect.arrayContaining([{ type: 'dns', value: 'forbidden.example.test' }]),
    });
    expect(dataOf(c, 'policyConstraints')).toEqual({ type: 'policyConstraints', requireExplicitPolicy: 1, inhibitPolicyMapping: 2 });
    expect(c.extensions.find((e) => e.oid === '1.3.6.1.4.1.55555.42')).toMatchObject({ status: 'unknown', name: '1.3.6.1.4.1.55555.42' });
    expect(c.extensions.every((e) => e.rawHex.length > 0)).toBe(true);
    expect(c.selfIssued).toBe(false);
  });

  test('server certificate: SAN, AIA, label, format, signature', async () => {
    const c = await one<CertificateItem>('certs/server-rsa.crt');
    expect(c.label).toBe('www.example.test');
    expect(c.format).toBe('pem');
    expect(c.encoding).toBe('pem');
    expect(c.source.pemLabel).toBe('CERTIFICATE');
    expect(c.publicKey).toMatchObject({ algorithm: 'RSA', bits: 2048, exponent: '65537' });
    expect(dataOf(c, 'subjectAltName')).toMatchObject({ names: expect.arrayContaining([{ type: 'dns', value: 'www.example.test' }, { type: 'ip', value: '2001:db8::10', bytesHex: '20010db8000000000000000000000010' }]) });
    expect(dataOf(c, 'authorityInfoAccess')).toMatchObject({ ocsp: ['http://ocsp.example.test/'] });
    expect(c.signatureAlgorithm).toEqual({ oid: '1.2.840.10045.4.3.3', name: 'ecdsa-with-SHA384', hash: 'SHA-384' });
    expect(c.tbs.length).toBeLessThan(c.der.length);
    expect(c.signatureHex.length).toBeGreaterThan(100);
  });

  test('DER certificate has format der', async () => {
    const c = await one<CertificateItem>('certs/server-ec.der');
    expect([c.format, c.encoding, c.publicKey.curve, c.publicKey.bits]).toEqual(['der', 'der', 'P-256', 256]);
  });

  test('v1 self-signed certificate', async () => {
    const c = await one<CertificateItem>('certs/v1-self-signed.crt');
    expect(c.version).toBe(1);
    expect(c.extensions).toEqual([]);
    expect(c.selfIssued).toBe(true);
  });

  test('unicode subject keeps string types and characters', async () => {
    const c = await one<CertificateItem>('certs/unicode.crt');
    expect(c.label).toBe('测试');
    expect(c.subject.attributes.find((a) => a.name === 'O')).toMatchObject({ value: 'Müller Ünïcödé GmbH', type: 'UTF8String' });
  });

  test('TRUSTED CERTIFICATE reads the certificate and ignores the aux trust data', async () => {
    const c = await one<CertificateItem>('variants/root-ca-trusted.pem');
    const plain = await one<CertificateItem>('certs/root-ca.crt');
    expect(c.sha256).toBe(plain.sha256);
    expect(c.warnings).toEqual([]);
  });
});

describe('CSR and CRL from the corpus', () => {
  test('CSR with SAN, challenge password and other attributes', async () => {
    const r = await one<CsrItem>('csr/san-challenge.csr');
    expect(r.kind).toBe('certificate-request');
    expect(r.challengePassword).toBe(true);
    expect(r.attributes).toEqual(['unstructuredName']);
    expect(r.extensions.map((e) => e.name)).toContain('subjectAltName');
    expect(r.version).toBe(1);
  });

  test('CRL: issuer, dates, number, revoked entries with reasons', async () => {
    const c = await one<CrlItem>('crl/intermediate-ca.crl');
    expect(c.issuer.text).toMatch(/^CN=PEM Inspector Test Intermediate CA, /);
    expect(c.crlNumber).toMatch(/^\d+$/);
    expect(c.nextUpdate! > c.thisUpdate).toBe(true);
    expect(c.revoked.length).toBeGreaterThan(0);
    for (const e of c.revoked) expect(e.serial).toMatch(/^[0-9a-f]+$/);
    expect(c.revoked.map((e) => e.reason)).toContain('keyCompromise');
  });
});

/** Re-encodes a definite-length constructed TLV with an indefinite length (BER). */
function indefinite(der: Uint8Array): Uint8Array {
  const t = readRoot(der);
  return concatBytes(Uint8Array.of(t.tag, 0x80), value(t), Uint8Array.of(0, 0));
}

describe('PKCS#7 and leniency', () => {
  test('bundle expands into certificates with container pkcs7, in order', async () => {
    const r = await parseFile({ name: 'b.p7b', bytes: bytes('pkcs7/fullchain-with-crl.p7b') });
    expect(r.items.map((i) => [i.kind, i.container, i.format])).toEqual([
      ['certificate', 'pkcs7', 'pkcs7'],
      ['certificate', 'pkcs7', 'pkcs7'],
      ['crl', 'pkcs7', 'pkcs7'],
    ]);
  });

  test('indefinite-length (BER) PKCS#7 is read with a warning on every item', async () => {
    const pem = readFileSync(join(FILES, 'pkcs7/bundle.p7b'), 'utf8');
    const derBytes = new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const strict = readX509Der(derBytes, { encoding: 'der' })!;
    const ber = readX509Der(indefinite(derBytes), { encoding: 'der' })!;
    expect(ber.items.map((i) => i.sha256)).toEqual(strict.items.map((i) => i.sha256));
    expect(strict.items.every((i) => i.warnings.length === 0)).toBe(true);
    for (const i of ber.items) expect(i.warnings).toEqual([expect.objectContaining({ code: 'der_invalid', message: expect.stringMatching(/indefinite-length/) })]);
  });

  test('non-minimal length in a certificate is accepted and recorded', async () => {
    const der = bytes('certs/server-ec.der');
    const t = readRoot(der);
    const len = t.end - t.valueStart;
    const loose = concatBytes(Uint8Array.of(0x30, 0x84, 0, 0, len >> 8, len & 0xff), value(t));
    const r = readX509Der(loose, { encoding: 'der' })!;
    expect(r.items[0]?.warnings[0]?.message).toMatch(/non-minimal length/);
  });

  test('a certificate-shaped structure with a broken name is der_invalid, not a throw', () => {
    const alg = w.seq(w.oid('1.2.840.10045.4.3.2'));
    const time = Uint8Array.of(0x17, 13, ...new TextEncoder().encode('250101000000Z'));
    const badName = w.seq(w.set(w.int(1)));
    const tbs = w.seq(w.explicit(0, w.int(2)), w.int(1), alg, badName, w.seq(time, time), badName, w.seq(w.seq(w.oid('1.3.101.112')), w.bits(new Uint8Array(32))));
    const out = readX509Der(w.seq(tbs, alg, w.bits(Uint8Array.of(1))), { encoding: 'der' });
    expect(out?.items).toEqual([]);
    expect(out?.errors).toEqual([expect.objectContaining({ code: 'der_invalid', message: 'This certificate is damaged and cannot be read.' })]);
  });

  test('truncated DER is not recognised (the caller reports der_invalid)', () => {
    expect(readX509Der(bytes('certs/server-ec.der').subarray(0, 300), { encoding: 'der' })).toBeUndefined();
  });
});

describe('names and SPKI', () => {
  test.each([
    { name: 'BMPString', value: w.raw([Uint8Array.of(0x1e, 4, 0, 0x41, 0x00, 0xe9)]), want: { value: 'Aé', type: 'BMPString' } },
    { name: 'UniversalString', value: Uint8Array.of(0x1c, 4, 0, 1, 0xf6, 0x00), want: { value: '😀', type: 'UniversalString' } },
    { name: 'T61String as Latin-1', value: Uint8Array.of(0x14, 2, 0x41, 0xe9), want: { value: 'Aé', type: 'T61String' } },
    { name: 'PrintableString', value: Uint8Array.of(0x13, 2, 0x55, 0x53), want: { value: 'US', type: 'PrintableString' } },
  ])('string type $name', ({ value: v, want }) => {
    const name = w.seq(w.set(w.seq(w.oid('2.5.4.10'), v)));
    expect(readName(readRoot(name)).attributes[0]).toMatchObject({ name: 'O', ...want });
  });

  test('RFC 4514 escaping, most specific RDN first, multi-valued RDN with +', () => {
    const utf8 = (s: string) => w.raw([Uint8Array.of(0x0c, new TextEncoder().encode(s).length), new TextEncoder().encode(s)]);
    const name = w.seq(
      w.set(w.seq(w.oid('2.5.4.6'), utf8('US'))),
      w.set(w.seq(w.oid('2.5.4.10'), utf8('Acme, Inc. "x" #1 '))),
      w.set(w.seq(w.oid('2.5.4.3'), utf8('#a+b')), w.seq(w.oid('0.9.2342.19200300.100.1.1'), utf8('u1'))),
    );
    expect(readName(readRoot(name)).text).toBe('CN=\\#a\\+b+UID=u1, O=Acme\\, Inc. \\"x\\" #1\\ , C=US');
  });

  test('SPKI of an unknown algorithm is kept as unknown with its raw key', () => {
    const spki = w.seq(w.seq(w.oid('1.2.3.4')), w.bits(fromHex('0102')));
    expect(readSpki(spki)).toMatchObject({ algorithm: 'unknown', oid: '1.2.3.4', publicHex: '0102' });
  });
});
