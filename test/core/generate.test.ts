/**
 * Everything the presets make, for every algorithm, read back by OpenSSL, ssh-keygen and our
 * own parseFile. RSA runs once (key generation is the slow part).
 */
import { describe, expect, it } from 'vitest';
import { generateCsr, generateKeyPair, generateSelfSigned, generateTestPki, type CertOptions } from '../../core/index.js';
import type { CertificateItem } from '../../core/types.js';
import { haveOpenssl, haveSshKeygen, openssl, parseIn, spkiSha256, textOf, tool, writeAll } from './generate-helpers.js';

const ALGORITHMS: { name: string; opts: CertOptions; opensshType?: string; sigName: string }[] = [
  { name: 'EC P-256', opts: { algorithm: 'ec' }, opensshType: 'ECDSA', sigName: 'ecdsa-with-SHA256' },
  { name: 'EC P-384', opts: { algorithm: 'ec', curve: 'P-384' }, opensshType: 'ECDSA', sigName: 'ecdsa-with-SHA384' },
  { name: 'EC P-521', opts: { algorithm: 'ec', curve: 'P-521' }, opensshType: 'ECDSA', sigName: 'ecdsa-with-SHA512' },
  { name: 'Ed25519', opts: { algorithm: 'ed25519' }, opensshType: 'ED25519', sigName: 'ED25519' },
  { name: 'Ed448', opts: { algorithm: 'ed448' }, sigName: 'ED448' },
  { name: 'RSA 2048', opts: { algorithm: 'rsa', bits: 2048 }, opensshType: 'RSA', sigName: 'sha256WithRSAEncryption' },
];

const HOSTS = ['localhost', 'www.example.test', '127.0.0.1', '::1'];
const PKI_FILES = ['ca.crt', 'ca.key', 'intermediate.crt', 'intermediate.key', 'server.crt', 'server.key', 'client.crt', 'client.key', 'fullchain.pem'];

describe.each(ALGORITHMS)('$name', ({ name, opts, opensshType, sigName }) => {
  it('test-pki: conventional files that OpenSSL verifies and our parser pairs', async () => {
    const result = await generateTestPki({ ...opts, hosts: HOSTS });
    expect(result.files.map((f) => f.name)).toEqual(PKI_FILES);
    expect(result.files.filter((f) => f.sensitivity === 'private').map((f) => f.name)).toEqual(['ca.key', 'intermediate.key', 'server.key', 'client.key']);
    const dir = writeAll(result);

    for (const f of result.files) {
      const parsed = await parseIn(dir, f.name);
      expect(parsed.errors, f.name).toEqual([]);
      expect(parsed.items.length, f.name).toBe(f.name === 'fullchain.pem' ? 2 : 1);
    }
    for (const base of ['ca', 'intermediate', 'server', 'client']) {
      const cert = (await parseIn(dir, `${base}.crt`)).items[0];
      const key = (await parseIn(dir, `${base}.key`)).items[0];
      expect(key?.kind).toBe('private-key');
      expect(spkiSha256(key), base).toBe(spkiSha256(cert));
    }
    const chain = (await parseIn(dir, 'fullchain.pem')).items as CertificateItem[];
    expect(chain.map((c) => c.subject.text)).toEqual([
      expect.stringContaining('CN=localhost'),
      expect.stringContaining('CN=PEM Inspector Test Intermediate CA'),
    ]);

    if (!haveOpenssl) return;
    openssl(['verify', '-CAfile', 'ca.crt', '-untrusted', 'intermediate.crt', 'server.crt', 'client.crt'], dir);
    openssl(['verify', '-CAfile', 'ca.crt', '-untrusted', 'intermediate.crt', '-purpose', 'sslserver', '-verify_hostname', 'www.example.test', 'server.crt'], dir);
    openssl(['verify', '-CAfile', 'ca.crt', '-untrusted', 'intermediate.crt', '-purpose', 'sslclient', 'client.crt'], dir);
    for (const base of ['ca', 'intermediate', 'server', 'client']) {
      const text = openssl(['x509', '-in', `${base}.crt`, '-noout', '-text'], dir);
      expect(text).toContain(`Signature Algorithm: ${sigName}`);
      openssl(['pkey', '-in', `${base}.key`, '-noout'], dir);
      expect(openssl(['pkey', '-in', `${base}.key`, '-pubout'], dir), base).toBe(openssl(['x509', '-in', `${base}.crt`, '-pubkey', '-noout'], dir));
    }
    expect(name).toBeTruthy();
  });

  it('self-signed: a server certificate for every host, verified against itself', async () => {
    const result = await generateSelfSigned({ ...opts, hosts: HOSTS });
    expect(result.files.map((f) => [f.name, f.sensitivity])).toEqual([['server.crt', 'public'], ['server.key', 'private']]);
    const dir = writeAll(result);
    const cert = (await parseIn(dir, 'server.crt')).items[0];
    expect(spkiSha256((await parseIn(dir, 'server.key')).items[0])).toBe(spkiSha256(cert));
    if (!haveOpenssl) return;
    openssl(['verify', '-CAfile', 'server.crt', '-purpose', 'sslserver', '-verify_ip', '127.0.0.1', 'server.crt'], dir);
    const text = openssl(['x509', '-in', 'server.crt', '-noout', '-text'], dir);
    expect(text).toContain('DNS:localhost, DNS:www.example.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Extended Key Usage: \s*TLS Web Server Authentication/);
    expect(openssl(['pkey', '-in', 'server.key', '-pubout'], dir)).toBe(openssl(['x509', '-in', 'server.crt', '-pubkey', '-noout'], dir));
  });

  it('keypair: encrypted PKCS#8, SPKI PEM and (except Ed448) an OpenSSH line', async () => {
    const result = await generateKeyPair({ ...opts, name: 'k', password: 'test-password' });
    const dir = writeAll(result);
    const names = result.files.map((f) => f.name);
    expect(names).toEqual(opensshType ? ['k.key', 'k.pub.pem', 'k.pub'] : ['k.key', 'k.pub.pem']);
    expect(result.notes ?? []).toHaveLength(opensshType ? 0 : 1);
    expect(textOf(result.files[0]!)).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);

    const locked = await parseIn(dir, 'k.key');
    expect(locked.items[0]).toMatchObject({ kind: 'private-key', encrypted: true });
    const open = await parseIn(dir, 'k.key', ['test-password']);
    expect(open.items[0]).toMatchObject({ kind: 'private-key', encrypted: false });
    expect(spkiSha256(open.items[0])).toBe(spkiSha256((await parseIn(dir, 'k.pub.pem')).items[0]));
    if (opensshType) expect(spkiSha256((await parseIn(dir, 'k.pub')).items[0])).toBe(spkiSha256(open.items[0]));

    if (haveOpenssl) {
      expect(openssl(['pkey', '-in', 'k.key', '-passin', 'pass:test-password', '-pubout'], dir)).toBe(textOf(result.files[1]!));
      expect(tool('openssl', ['pkey', '-in', 'k.key', '-passin', 'pass:wrong', '-noout'], dir).status).not.toBe(0);
      expect(openssl(['asn1parse', '-in', 'k.key'], dir)).toMatch(/PBES2[\s\S]*PBKDF2[\s\S]*:0927C0[\s\S]*hmacWithSHA256[\s\S]*aes-256-cbc/);
    }
    if (opensshType && haveSshKeygen) {
      const fp = tool('ssh-keygen', ['-l', '-f', 'k.pub'], dir);
      expect(fp.status, fp.stderr).toBe(0);
      expect(fp.stdout).toContain(`(${opensshType})`);
    }
    // ssh-keygen converts SPKI PEM to its own line for RSA and ECDSA (not Ed25519 here): same key blob.
    if ((opensshType === 'RSA' || opensshType === 'ECDSA') && haveSshKeygen) {
      const converted = tool('ssh-keygen', ['-i', '-m', 'PKCS8', '-f', 'k.pub.pem'], dir);
      expect(converted.stdout.trim().split(' ').slice(0, 2)).toEqual(textOf(result.files[2]!).trim().split(' ').slice(0, 2));
    }
  });

  it('csr: for a new key and for an existing one', async () => {
    const made = await generateCsr({ ...opts, hosts: ['api.example.test', '10.1.2.3'], commonName: 'API' });
    expect(made.files.map((f) => f.name)).toEqual(['server.csr', 'server.key']);
    const dir = writeAll(made);
    const csr = (await parseIn(dir, 'server.csr')).items[0];
    expect(csr?.kind).toBe('certificate-request');
    const key = (await parseIn(dir, 'server.key')).items[0];
    expect(spkiSha256(csr)).toBe(spkiSha256(key));

    const again = await generateCsr({ algorithm: 'ec', privateKeyPkcs8: key!.der, hosts: ['other.example.test'] });
    expect(again.files.map((f) => f.name)).toEqual(['server.csr']);
    const dir2 = writeAll(again);
    expect(spkiSha256((await parseIn(dir2, 'server.csr')).items[0])).toBe(spkiSha256(key));

    if (!haveOpenssl) return;
    for (const d of [dir, dir2]) {
      expect(tool('openssl', ['req', '-in', 'server.csr', '-verify', '-noout'], d).stderr).toContain('verify OK');
    }
    const text = openssl(['req', '-in', 'server.csr', '-noout', '-text'], dir);
    expect(text).toContain('DNS:api.example.test, IP Address:10.1.2.3');
    expect(text).toMatch(/Subject: O = PEM Inspector Test, CN = API/);
    expect(openssl(['req', '-in', 'server.csr', '-noout', '-pubkey'], dir)).toBe(openssl(['pkey', '-in', 'server.key', '-pubout'], dir));
  });
});
