/**
 * Main's own judgement of "private?" (electron/sniff.ts) over real files: every fixture the
 * project's reader calls private must sniff private, every all-public one public.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPrivateFile, looksPrivate, privateByName } from '../../electron/sniff.js';

const fixtures = path.resolve(__dirname, '..', 'fixtures');

interface CorpusFile {
  path: string;
  items: { sensitivity: 'public' | 'private' }[];
}
const corpus = (JSON.parse(readFileSync(path.join(fixtures, 'manifest.json'), 'utf8')) as { files: CorpusFile[] }).files.filter((f) => f.items.length > 0);
const desktop = (JSON.parse(readFileSync(path.join(fixtures, 'desktop', 'manifest.json'), 'utf8')) as { files: { path: string; private: boolean }[] }).files;

const table = [
  ...corpus.map((f) => ({ file: `files/${f.path}`, want: f.items.some((i) => i.sensitivity === 'private') })),
  ...desktop.map((f) => ({ file: `desktop/out/${f.path}`, want: f.private })),
];

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s/g, ''), 'hex'));

describe('private material sniff over the fixtures', () => {
  it('covers both answers and every family', () => {
    expect(table.filter((t) => t.want).length).toBeGreaterThan(60);
    expect(table.filter((t) => !t.want).length).toBeGreaterThan(90);
    for (const ext of ['.jks', '.jceks', '.ppk', '.jwk', '.p12', '.pfx', '.der', '.key', '.pem', '.p7b', '.crl', '.csr']) {
      expect(table.some((t) => t.file.endsWith(ext))).toBe(true);
    }
  });

  it.each(table)('$file is private: $want', ({ file, want }) => {
    expect(looksPrivate(readFileSync(path.join(fixtures, file)))).toBe(want);
  });
});

describe('private material sniff, edge cases', () => {
  it.each([
    { name: 'an empty file', input: new Uint8Array(0), want: false },
    { name: 'one byte', input: hex('30'), want: false },
    { name: 'a SEQUENCE header cut short', input: hex('3082'), want: false },
    { name: 'a DER key in BER with indefinite length (PFX version 3)', input: hex('3080 020103 3000 0000'), want: true },
    { name: 'PKCS#8 OneAsymmetricKey version 1', input: hex('3051 020101 3005 06032b6570'), want: true },
    { name: 'an RSAPublicKey (many-byte first INTEGER)', input: hex('300d 0206 00c0ffee0001 0203010001'), want: false },
    { name: 'an EncryptedPrivateKeyInfo with PBES2', input: hex('3040 303a 06092a864886f70d01050d 302d'), want: true },
    { name: 'an EncryptedPrivateKeyInfo with a PKCS#12 PBE', input: hex('3040 301c 060a2a864886f70d010c0103 300e'), want: true },
    { name: 'an SPKI (rsaEncryption)', input: hex('3040 300d 06092a864886f70d010101 0500'), want: false },
    { name: 'a header claiming a 5-byte length', input: hex('3085 0000000001 020100'), want: false },
    { name: 'JKS magic alone', input: hex('feedfeed'), want: true },
    { name: 'JCEKS magic alone', input: hex('cececece'), want: true },
    { name: 'a Proc-Type encrypted key body', input: bytes('Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n'), want: true },
    { name: 'a PEM private key after text', input: bytes('Bag Attributes\n-----BEGIN PRIVATE KEY-----\nMC4=\n-----END PRIVATE KEY-----\n'), want: true },
    { name: 'a certificate PEM', input: bytes('-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n'), want: false },
    { name: 'an OpenSSH public line', input: bytes('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== me@host\n'), want: false },
    { name: 'a Kubernetes TLS Secret', input: bytes('kind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: LS0t\n  tls.key: LS0t\n'), want: true },
    { name: 'a kubeconfig with a client key', input: bytes('users:\n- name: admin\n  user:\n    client-key-data: LS0t\n'), want: true },
    { name: 'a JWK with "d" after a BOM and spaces', input: Uint8Array.of(0xef, 0xbb, 0xbf, ...bytes(' \n{ "kty": "OKP", "x": "AA", "d" : "AA" }')), want: true },
    { name: 'a public JWK', input: bytes('{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}'), want: false },
    { name: 'a JWKS array with an oct key', input: bytes('[{"kty":"oct","k":"AA"}]'), want: true },
    { name: 'text mentioning "d": outside JSON', input: bytes('a note: "d": 1\n'), want: false },
    { name: 'a PEM key saved as UTF-16 LE with a BOM', input: Uint8Array.from(Buffer.from('\ufeff-----BEGIN EC PRIVATE KEY-----\r\nMHc=\r\n', 'utf16le')), want: true },
    { name: 'a PEM key saved as UTF-16 BE with a BOM', input: Uint8Array.from(Buffer.from('\ufeff-----BEGIN PRIVATE KEY-----\n', 'utf16le').swap16()), want: true },
    { name: 'a JWK saved as UTF-16 LE with a BOM', input: Uint8Array.from(Buffer.from('\ufeff{"kty":"oct","k" : "AA"}', 'utf16le')), want: true },
    { name: 'JSON whose private-looking names are values or longer names', input: bytes('{"kty":"d","dpx":"k","kid" :"p", "x": "\\"q\\""}'), want: false },
    { name: 'a private member right after another string', input: bytes('{"use":"sig","alg":"ES256""d":"AA"}'), want: true },
    { name: 'a private member after a name with white space', input: bytes('{"x" \n "d"\t:\r"AA"}'), want: true },
    { name: 'a certificate saved as UTF-16 LE with a BOM', input: Uint8Array.from(Buffer.from('\ufeff-----BEGIN CERTIFICATE-----\r\nMAA=\r\n', 'utf16le')), want: false },
  ])('$name → private: $want', ({ input, want }) => {
    expect(looksPrivate(input)).toBe(want);
  });

  it('reads only the view it is given, not the whole buffer behind it', () => {
    const buffer = bytes('-----BEGIN PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n');
    expect(looksPrivate(buffer.subarray(28))).toBe(false);
    expect(looksPrivate(buffer.subarray(0, 28))).toBe(true);
  });

  it('sniffs 50 MiB of noise without throwing', () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x41);
    expect(looksPrivate(big)).toBe(false);
  });

  it('sniffs JSON made of millions of near-misses (a private member at the very end is found)', () => {
    const nearMisses = '"d" "k" "" "p"  ,"oth" x"dq"\t'.repeat(512 * 1024);
    expect(looksPrivate(bytes(`{${nearMisses}}`))).toBe(false);
    expect(looksPrivate(bytes(`{${nearMisses}"qi":"AA"}`))).toBe(true);
  });
});

describe('the renderer can only add privacy', () => {
  const cert = readFileSync(path.join(fixtures, 'files/certs/server-ec.crt'));
  const key = readFileSync(path.join(fixtures, 'files/keys/server-ec.key'));

  it.each([
    { name: 'server.crt', sensitive: false, want: false },
    { name: 'server.crt', sensitive: true, want: true },
    { name: 'server.key', sensitive: false, want: true },
    { name: 'bundle.P12', sensitive: false, want: true },
    { name: 'identity.pfx', sensitive: false, want: true },
    { name: 'putty.ppk', sensitive: false, want: true },
  ])('certificate bytes named $name, sensitive $sensitive → private: $want', ({ name, sensitive, want }) => {
    expect(privateByName(name) || sensitive).toBe(want);
    expect(isPrivateFile({ name, bytes: cert, sensitive })).toBe(want);
  });

  it('key bytes under a public name, flagged not sensitive, are private', () => {
    expect(isPrivateFile({ name: 'innocent.crt', bytes: key, sensitive: false })).toBe(true);
    expect(isPrivateFile({ name: 'innocent.pem', bytes: key })).toBe(true);
  });
});
