/** The generators' pieces: option checks, host parsing, extension DER, serials, validity, encodings. */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../core/bytes.js';
import { basicConstraints, keyUsage, randomSerial } from '../../core/generate/certs.js';
import { hostAltName, parseIp } from '../../core/generate/hosts.js';
import { keyPairFromPkcs8, newKeyPair } from '../../core/generate/keys.js';
import { GenerateError, generateKeyPair, generateSelfSigned, generateTestPki, type CertOptions } from '../../core/index.js';
import type { CertificateItem, ExtensionData } from '../../core/types.js';
import { sshPublicLine } from '../../core/write/openssh.js';
import { toTraditional } from '../../core/write/traditional.js';
import { haveOpenssl, openssl, parseIn, spkiSha256, textOf, writeAll } from './generate-helpers.js';

describe('hosts', () => {
  const table: { input: string; want: string }[] = [
    { input: 'localhost', want: 'dns:localhost' },
    { input: 'WWW.Example.TEST', want: 'dns:www.example.test' },
    { input: '*.example.test', want: 'dns:*.example.test' },
    { input: 'xn--bcher-kva.example', want: 'dns:xn--bcher-kva.example' },
    { input: '127.0.0.1', want: 'ip:7f000001' },
    { input: '255.255.255.255', want: 'ip:ffffffff' },
    { input: '::1', want: 'ip:00000000000000000000000000000001' },
    { input: '[2001:db8::8:800:200c:417a]', want: 'ip:20010db80000000000080800200c417a' },
    { input: '::ffff:192.0.2.1', want: 'ip:00000000000000000000ffffc0000201' },
    { input: '1:2:3:4:5:6:7:8', want: 'ip:00010002000300040005000600070008' },
  ];
  it.each(table)('$input', ({ input, want }) => {
    const n = hostAltName(input);
    expect(n.type === 'ip' ? `ip:${toHex(n.bytes)}` : `${n.type}:${n.value}`).toBe(want);
  });

  const bad = ['', 'a b', 'under_score.test', '-lead.test', 'bücher.example', '*.test', 'a..b', 'x'.repeat(64) + '.test', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::1'];
  it.each(bad)('refuses %j', (input) => {
    expect(() => hostAltName(input)).toThrow(GenerateError);
  });

  it('does not read near-misses as IPs', () => {
    expect(parseIp('256.1.1.1')).toBeUndefined();
    expect(parseIp('01.2.3.4')).toBeUndefined();
    expect(parseIp('1.2.3')).toBeUndefined();
    expect(parseIp('::')).toEqual(new Uint8Array(16));
  });
});

describe('extension DER', () => {
  const table: { name: string; got: () => Uint8Array; want: string }[] = [
    { name: 'CA:false is an empty SEQUENCE', got: () => basicConstraints(false).value, want: '3000' },
    { name: 'CA:true', got: () => basicConstraints(true).value, want: '30030101ff' },
    { name: 'CA:true pathlen 0', got: () => basicConstraints(true, 0).value, want: '30060101ff020100' },
    { name: 'digitalSignature', got: () => keyUsage(['digitalSignature']).value, want: '03020780' },
    { name: 'digitalSignature keyEncipherment', got: () => keyUsage(['digitalSignature', 'keyEncipherment']).value, want: '030205a0' },
    { name: 'keyCertSign cRLSign', got: () => keyUsage(['keyCertSign', 'cRLSign']).value, want: '03020106' },
  ];
  it.each(table)('$name', ({ got, want }) => expect(toHex(got())).toBe(want));
});

describe('serials', () => {
  it('are 16 bytes, positive, with a non-zero first byte, and differ', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const s = randomSerial();
      expect(s.length).toBe(16);
      expect(s[0]! & 0x80).toBe(0);
      expect(s[0]).not.toBe(0);
      seen.add(toHex(s));
    }
    expect(seen.size).toBe(500);
  });
});

describe('option checks', () => {
  const table: { name: string; opts: CertOptions }[] = [
    { name: 'RSA 1024', opts: { algorithm: 'rsa', bits: 1024 } },
    { name: 'bits on EC', opts: { algorithm: 'ec', bits: 2048 } },
    { name: 'unknown curve', opts: { algorithm: 'ec', curve: 'P-192' as 'P-256' } },
    { name: 'curve on RSA', opts: { algorithm: 'rsa', curve: 'P-256' } },
    { name: 'unknown algorithm', opts: { algorithm: 'dsa' as 'rsa' } },
    { name: 'traditional Ed25519', opts: { algorithm: 'ed25519', keyFormat: 'traditional' } },
    { name: 'traditional and encrypted', opts: { algorithm: 'ec', keyFormat: 'traditional', password: 'x' } },
    { name: 'zero days', opts: { algorithm: 'ec', days: 0 } },
    { name: 'fractional days', opts: { algorithm: 'ec', days: 1.5 } },
    { name: 'bad host', opts: { algorithm: 'ec', hosts: ['not a host'] } },
    { name: 'empty common name', opts: { algorithm: 'ec', commonName: '' } },
    { name: 'invalid start', opts: { algorithm: 'ec', now: new Date('nope') } },
  ];
  it.each(table)('refuses $name', async ({ opts }) => {
    await expect(generateSelfSigned(opts)).rejects.toMatchObject({ name: 'GenerateError', code: 'invalid_option' });
  });

  it('refuses a key pair name with a folder in it', async () => {
    await expect(generateKeyPair({ algorithm: 'ed25519', name: '../evil' })).rejects.toBeInstanceOf(GenerateError);
    await expect(generateKeyPair({ algorithm: 'ed25519', name: '.hidden' })).rejects.toBeInstanceOf(GenerateError);
  });

  it('refuses a PKCS#8 key it cannot sign with', async () => {
    // X25519 PKCS#8 (RFC 8410 example key).
    const x25519 = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20, ...new Array(32).fill(7)]);
    await expect(keyPairFromPkcs8(x25519)).rejects.toMatchObject({ code: 'unsupported_algorithm' });
    await expect(keyPairFromPkcs8(Uint8Array.of(1, 2, 3))).rejects.toMatchObject({ code: 'unsupported_algorithm' });
  });
});

describe('the test PKI', () => {
  const now = new Date('2030-06-01T12:00:00Z');
  const ext = (c: CertificateItem, type: ExtensionData['type']) => c.extensions.find((e) => e.data?.type === type);
  // Distributes over the union so that 'subjectAltName' finds the member typed 'subjectAltName' | 'issuerAltName'.
  type Of<T> = ExtensionData extends infer E ? (E extends { type: infer U } ? (T extends U ? E : never) : never) : never;
  const data = <T extends ExtensionData['type']>(c: CertificateItem, type: T) => ext(c, type)?.data as Of<T> | undefined;

  it('has the right constraints, usages, key ids and validity', async () => {
    const dir = writeAll(await generateTestPki({ algorithm: 'ec', hosts: ['svc.example.test', '192.0.2.7'], now, days: 90 }));
    const cert = async (n: string) => (await parseIn(dir, n)).items[0] as CertificateItem;
    const [ca, im, sv, cl] = await Promise.all(['ca.crt', 'intermediate.crt', 'server.crt', 'client.crt'].map(cert));

    const days = (c: CertificateItem) => (Date.parse(c.notAfter) - Date.parse(c.notBefore)) / 86_400_000;
    for (const c of [ca!, im!, sv!, cl!]) {
      expect(c.version).toBe(3);
      expect(c.notBefore).toBe('2030-06-01T12:00:00Z');
      expect(c.serial).toMatch(/^[0-7][0-9a-f]{31}$/);
    }
    expect([days(ca!), days(im!), days(sv!), days(cl!)]).toEqual([3653, 1826, 90, 90]); // 2032, 2036, 2040 are leap years;

    expect(data(ca!, 'basicConstraints')).toEqual({ type: 'basicConstraints', ca: true });
    expect(ext(ca!, 'basicConstraints')?.critical).toBe(true);
    expect(data(ca!, 'keyUsage')?.usages).toEqual(['keyCertSign', 'cRLSign']);
    expect(data(im!, 'basicConstraints')).toEqual({ type: 'basicConstraints', ca: true, pathLen: 0 });
    expect(data(im!, 'keyUsage')?.usages).toEqual(['digitalSignature', 'keyCertSign', 'cRLSign']);
    expect(data(im!, 'extKeyUsage')?.oids).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(data(sv!, 'basicConstraints')?.ca).toBe(false);
    expect(data(sv!, 'keyUsage')?.usages).toEqual(['digitalSignature']);
    expect(ext(sv!, 'keyUsage')?.critical).toBe(true);
    expect(data(sv!, 'extKeyUsage')?.oids).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(data(sv!, 'subjectAltName')?.names.map((n) => `${n.type}:${n.value}`)).toEqual(['dns:svc.example.test', 'ip:192.0.2.7']);
    expect(sv!.subject.text).toContain('CN=svc.example.test');
    expect(data(cl!, 'extKeyUsage')?.oids).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(data(cl!, 'subjectAltName')?.names.map((n) => n.type)).toEqual(['email', 'dns']);

    const ski = (c: CertificateItem) => data(c, 'subjectKeyIdentifier')?.keyIdHex;
    const aki = (c: CertificateItem) => data(c, 'authorityKeyIdentifier')?.keyIdHex;
    expect(ski(ca!)).toMatch(/^[0-9a-f]{40}$/);
    expect(aki(im!)).toBe(ski(ca!));
    expect(aki(sv!)).toBe(ski(im!));
    expect(aki(cl!)).toBe(ski(im!));
    expect(sv!.issuer.derHex).toBe(im!.subject.derHex);
    expect(im!.issuer.derHex).toBe(ca!.subject.derHex);
  });

  it('uses RSA keyEncipherment on RSA leaves only, and .pem names on request', async () => {
    const result = await generateSelfSigned({ algorithm: 'rsa', naming: 'pem' });
    expect(result.files.map((f) => f.name)).toEqual(['server.pem', 'server-key.pem']);
    const c = (await parseIn(writeAll(result), 'server.pem')).items[0] as CertificateItem;
    expect(data(c, 'keyUsage')?.usages).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(data(c, 'authorityKeyIdentifier')?.keyIdHex).toBe(data(c, 'subjectKeyIdentifier')?.keyIdHex);
  });

  it('names every test-pki file .pem-style on request', async () => {
    const result = await generateTestPki({ algorithm: 'ed25519', naming: 'pem' });
    expect(result.files.map((f) => f.name)).toEqual([
      'ca.pem', 'ca-key.pem', 'intermediate.pem', 'intermediate-key.pem', 'server.pem', 'server-key.pem', 'client.pem', 'client-key.pem', 'fullchain.pem',
    ]);
  });

  it('writes far-future dates as GeneralizedTime', async () => {
    const dir = writeAll(await generateTestPki({ algorithm: 'ed25519', now: new Date('2045-01-01T00:00:00Z') }));
    const ca = (await parseIn(dir, 'ca.crt')).items[0] as CertificateItem;
    expect(ca.notAfter).toBe('2055-01-01T00:00:00Z');
    if (haveOpenssl) expect(openssl(['x509', '-in', 'ca.crt', '-noout', '-enddate'], dir)).toContain('Jan  1 00:00:00 2055 GMT');
  });
});

describe('traditional encodings', () => {
  it.each([
    { opts: { algorithm: 'ec' as const, curve: 'P-384' as const }, label: 'EC PRIVATE KEY' },
    { opts: { algorithm: 'rsa' as const }, label: 'RSA PRIVATE KEY' },
  ])('$label', async ({ opts, label }) => {
    const result = await generateKeyPair({ ...opts, keyFormat: 'traditional', name: 't' });
    const text = textOf(result.files[0]!);
    expect(text.startsWith(`-----BEGIN ${label}-----\n`)).toBe(true);
    const dir = writeAll(result);
    const parsed = await parseIn(dir, 't.key');
    expect(parsed.items[0]).toMatchObject({ kind: 'private-key', format: opts.algorithm === 'rsa' ? 'pkcs1' : 'sec1' });
    expect(spkiSha256(parsed.items[0])).toBe(spkiSha256((await parseIn(dir, 't.pub.pem')).items[0]));
    if (haveOpenssl) expect(openssl(['pkey', '-in', 't.key', '-pubout'], dir)).toBe(textOf(result.files[1]!));
  });

  it('has none for EdDSA and no OpenSSH line for Ed448', async () => {
    const ed448 = await newKeyPair({ algorithm: 'ed448' });
    expect(toTraditional(ed448.pkcs8, ed448.spki)).toBeUndefined();
    expect(sshPublicLine(ed448.spki, 'x')).toBeUndefined();
    const again = await keyPairFromPkcs8(ed448.pkcs8);
    expect(toHex(again.spki)).toBe(toHex(ed448.spki));
  });
});
