/**
 * The walkthrough's steps, checked from outside: the CertificateVerify signatures verify with
 * Node's crypto (OpenSSL) and the RSA key transport decrypts with `openssl pkeyutl`; the result is
 * plain data that never carries the key file's private key; a failed step marks what follows as
 * not reached; P-256 key exchange works like X25519.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, publicEncrypt, constants, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../core/bytes.js';
import { decryptPkcs1 } from '../../core/tls/rsa-transport.js';
import type { HandshakeResult, StepId } from '../../core/tls/types.js';
import { runHandshake } from '../../core/tls/walkthrough.js';
import { parseFile } from '../../core/parse.js';
import type { CertificateItem, PrivateKeyItem } from '../../core/types.js';
import { hsFile, keyOf, walkthroughInput, type HandshakeCase } from './tls-helpers.js';

const good = (name: string, extra: Partial<HandshakeCase> = {}): HandshakeCase => ({
  name, cert: `${name}.fullchain.pem`, key: `${name}.key`, trusted: ['root-ca.crt'], host: 'server.handshake.test', connects: true, code: 'connects', ...extra,
});
const step = (r: HandshakeResult, id: StepId) => r.steps.find((s) => s.id === id)!;
const val = (r: HandshakeResult, id: StepId, prefix: string) => step(r, id).values.find((v) => v.name.startsWith(prefix))!;

describe('CertificateVerify signatures verify with OpenSSL (node:crypto)', () => {
  const table = [
    { name: 'server-rsa', scheme: 'rsa_pss_rsae_sha256', hash: 'sha256', pss: true },
    { name: 'server-p256', scheme: 'ecdsa_secp256r1_sha256', hash: 'sha256' },
    { name: 'server-p384', scheme: 'ecdsa_secp384r1_sha384', hash: 'sha384' },
    { name: 'server-ed25519', scheme: 'ed25519', hash: null },
    { name: 'server-ed448', scheme: 'ed448', hash: null },
  ];
  it.each(table)('$name signs with $scheme', async ({ name, scheme, hash, pss }) => {
    const r = await runHandshake(await walkthroughInput(good(name)));
    expect(r.signatureScheme).toBe(scheme);
    const content = Buffer.from(fromHex(val(r, 'certificate_verify', 'signed content').hex));
    const signature = Buffer.from(fromHex(val(r, 'certificate_verify', 'signature').hex));
    // The signed content is RFC 8446 §4.4.3's: 64 spaces, the context, 0, the transcript hash.
    expect(content.subarray(0, 64).toString()).toBe(' '.repeat(64));
    expect(content.subarray(64, 98).toString()).toBe('TLS 1.3, server CertificateVerify\0');
    expect(toHex(content.subarray(98))).toBe(val(r, 'certificate_verify', 'transcript hash').hex);
    const key = createPublicKey(readFileSync(hsFile(`${name}.crt`)));
    const opts = pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : key;
    expect(nodeVerify(hash, content, opts, signature)).toBe(true);
    const tampered = Buffer.from(content);
    tampered[100]! ^= 1;
    expect(nodeVerify(hash, tampered, opts, signature)).toBe(false);
  });
});

describe('TLS 1.2 RSA key transport', () => {
  it('the premaster encrypted with the certificate key decrypts with openssl pkeyutl to the same 48 bytes', async () => {
    const r = await runHandshake(await walkthroughInput(good('server-rsa')));
    const s = step(r, 'rsa_key_transport');
    expect(s).toMatchObject({ status: 'ok', protocol: 'TLS 1.2' });
    expect(s.details.join(' ')).toMatch(/TLS 1\.3 dropped RSA key transport: it has no forward secrecy/);
    const premaster = val(r, 'rsa_key_transport', 'premaster secret (client)').hex;
    expect(premaster).toMatch(/^0303[0-9a-f]{92}$/);
    const dir = mkdtempSync(path.join(tmpdir(), 'pem-tls-'));
    try {
      writeFileSync(path.join(dir, 'c.bin'), fromHex(val(r, 'rsa_key_transport', 'encrypted premaster').hex));
      const out = execFileSync('openssl', ['pkeyutl', '-decrypt', '-inkey', hsFile('server-rsa.key'), '-in', path.join(dir, 'c.bin'), '-pkeyopt', 'rsa_padding_mode:pkcs1']);
      expect(toHex(out)).toBe(premaster);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decrypts what Node encrypts with PKCS#1 v1.5, and refuses with the key of another certificate', async () => {
    const message = Buffer.from('0303' + 'ab'.repeat(46), 'hex');
    const c = publicEncrypt({ key: readFileSync(hsFile('server-rsa.crt')), padding: constants.RSA_PKCS1_PADDING }, message);
    const key = await keyOf('server-rsa.key');
    const outcome = decryptPkcs1(key.item.der, new Uint8Array(c));
    expect(outcome.ok && toHex(outcome.message)).toBe(message.toString('hex'));
    const other = await keyOf(path.join('..', '..', 'files', 'keys', 'rsa-2048.key'));
    expect(decryptPkcs1(other.item.der, new Uint8Array(c)).ok).toBe(false);
  });

  it('only RSA certificates get the comparison step', async () => {
    const r = await runHandshake(await walkthroughInput(good('server-p256')));
    expect(r.steps.some((s) => s.id === 'rsa_key_transport')).toBe(false);
  });

  it('fails, with a fix, when the key is another RSA key', async () => {
    const input = await walkthroughInput(good('server-rsa'));
    input.key = await keyOf(path.join('..', '..', 'files', 'keys', 'rsa-2048.key'));
    const r = await runHandshake(input);
    expect(step(r, 'rsa_key_transport')).toMatchObject({ status: 'failed', fix: expect.stringMatching(/^Swap the key/) });
    expect(r.verdict).toMatchObject({ connects: false, code: 'key_mismatch', failedStep: 'certificate_verify' });
  });
});

describe('the result', () => {
  it('is plain JSON data, and no value holds the key file’s private key', async () => {
    const input = await walkthroughInput(good('server-p256', { clientCert: 'client-p256.fullchain.pem', clientKey: 'client-p256.key', requireClientCert: true }));
    const r = await runHandshake(input);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    const text = JSON.stringify(r);
    for (const file of ['server-p256.key', 'client-p256.key']) {
      const d = createPrivateKey(readFileSync(hsFile(file))).export({ format: 'jwk' }).d!;
      const scalar = Buffer.from(d, 'base64url').toString('hex');
      expect(scalar).toMatch(/^[0-9a-f]{64}$/);
      expect(text).not.toContain(scalar);
    }
    expect(text).not.toContain(toHex(input.key.item.der));
  });

  it('names the file and item each certificate and signature came from', async () => {
    const r = await runHandshake(await walkthroughInput(good('server-p256')));
    expect(step(r, 'certificate').values.map((v) => v.from)).toEqual([{ file: 'server-p256.fullchain.pem', index: 0 }, { file: 'server-p256.fullchain.pem', index: 1 }]);
    expect(val(r, 'certificate_verify', 'signature').from).toEqual({ file: 'server-p256.key', index: 0 });
    expect(r.steps.map((s) => [s.id, s.from, s.to ?? null, s.crypto])).toEqual([
      ['client_hello', 'client', 'server', 'asymmetric'],
      ['server_hello', 'server', 'client', 'asymmetric'],
      ['key_agreement', 'both', null, 'asymmetric'],
      ['handshake_keys', 'both', null, 'symmetric'],
      ['certificate', 'server', 'client', 'none'],
      ['certificate_validation', 'client', null, 'asymmetric'],
      ['certificate_verify', 'server', 'client', 'asymmetric'],
      ['server_finished', 'server', 'client', 'symmetric'],
      ['client_finished', 'client', 'server', 'symmetric'],
      ['application_data', 'client', 'server', 'symmetric'],
    ]);
  });

  it('marks the steps after the first failure as not reached, and the verdict names that step', async () => {
    const r = await runHandshake(await walkthroughInput(good('server-p256', { host: 'wrong.handshake.test' })));
    const reached = r.steps.map((s) => s.reached);
    const at = r.steps.findIndex((s) => s.id === 'certificate_validation');
    expect(reached).toEqual(r.steps.map((_, i) => i <= at));
    expect(r.verdict).toMatchObject({ connects: false, code: 'wrong_host', failedStep: 'certificate_validation' });
    expect(r.verdict.fix).toMatch(/^Use the right name: connect as one of the names it is for \(server\.handshake\.test, www\.handshake\.test, 127\.0\.0\.1\)/);
  });

  it('a host given as an IP literal is checked as an IP address, and sent without SNI', async () => {
    const r = await runHandshake(await walkthroughInput(good('server-p256', { host: '127.0.0.1' })));
    expect(r.target).toEqual({ type: 'ip', value: '127.0.0.1', defaulted: false });
    expect(r.verdict.connects).toBe(true);
    expect(step(r, 'client_hello').details).toContain('No server_name: an IP address is not sent as SNI (RFC 6066).');
  });

  it('agrees on a P-256 key exchange as on X25519', async () => {
    const input = await walkthroughInput(good('server-ed25519'));
    input.group = 'P-256';
    const r = await runHandshake(input);
    expect(r.verdict.connects).toBe(true);
    const [client, server] = step(r, 'key_agreement').values;
    expect(client!.hex).toBe(server!.hex);
    expect(val(r, 'server_hello', 'key_share secp256r1').size).toBe(65);
  });

  it('a wrong-order file is diagnosed as the order, with the certificate to put first', async () => {
    const r = await runHandshake(await walkthroughInput(good('server-p256', { cert: 'server-p256.reversed.pem' })));
    expect(r.verdict).toMatchObject({ connects: false, code: 'wrong_order', fix: expect.stringMatching(/^Put CN=server\.handshake\.test first/) });
    expect(step(r, 'certificate').details[0]).toMatch(/but the key belongs to CN=server\.handshake\.test \(certificate 2 of the file\)/);
  });

  it('a trusted intermediate anchors the chain, with the OpenSSL caveat', async () => {
    const r = await runHandshake(await walkthroughInput(good('server-p256', { trusted: ['inter-ca.crt'] })));
    expect(r.verdict.connects).toBe(true);
    expect(step(r, 'certificate_validation').status).toBe('warning');
    expect(r.verdict.message).toMatch(/an OpenSSL-based client would not/);
  });

  it('a damaged RSA key (a part longer than its modulus) is refused before any signing or decrypting', async () => {
    const crasher = path.join(path.dirname(hsFile('x')), '..', '..', '..', 'fuzz', 'crashers', 'slow-prove-rsa-d-200kb-bad-crt.pem');
    const parsed = await parseFile({ name: 'damaged.pem', bytes: readFileSync(crasher) });
    const index = parsed.items.findIndex((i) => i.kind === 'private-key');
    const input = await walkthroughInput(good('server-rsa'));
    input.key = { item: parsed.items[index] as PrivateKeyItem, from: { file: 'damaged.pem', index } };
    const r = await runHandshake(input);
    expect(r.verdict).toMatchObject({ connects: false, code: 'key_unusable', failedStep: 'certificate_verify' });
    expect(step(r, 'certificate_verify').summary).toMatch(/the RSA key is damaged: a part of it is longer than its modulus/);
    expect(step(r, 'rsa_key_transport').summary).toMatch(/longer than its modulus/);
  });

  it('a certificate list over OpenSSL’s 100 KiB limit fails the Certificate step, and the work stays bounded', async () => {
    const input = await walkthroughInput(good('server-p256'));
    const inter = input.chain[1]!;
    input.chain = [input.chain[0]!, ...Array.from({ length: 300 }, () => inter)];
    const r = await runHandshake(input);
    expect(step(r, 'certificate')).toMatchObject({ status: 'failed', fix: expect.stringMatching(/^Send only the server certificate/) });
    expect(r.verdict).toMatchObject({ connects: false, failedStep: 'certificate' });
  });

  it('never throws on the project’s certificate and chain fixtures (odd extensions, damaged signatures, every key type) with a key that is not theirs', async () => {
    const fixtures = path.join(path.dirname(hsFile('x')), '..', '..');
    const dirs = [path.join(fixtures, 'files', 'certs'), path.join(fixtures, 'chains', 'out')];
    const files = dirs.flatMap((d) => readdirSync(d).filter((n) => /\.(crt|pem|der|cer)$/.test(n)).map((n) => path.join(d, n)));
    expect(files.length).toBeGreaterThan(50);
    const key = await keyOf(path.join('..', '..', 'files', 'keys', 'ed448.key'));
    const trusted = (await walkthroughInput(good('server-p256'))).trusted;
    for (const file of files) {
      const name = path.basename(file);
      const parsed = await parseFile({ name, bytes: readFileSync(file) });
      const chain = parsed.items.flatMap((item, index) => (item.kind === 'certificate' ? [{ item: item as CertificateItem, from: { file: name, index } }] : []));
      if (chain.length === 0) continue;
      const r = await runHandshake({ chain, key, trusted, trustedName: 'root-ca.crt' });
      expect(r.verdict.connects, name).toBe(false);
      expect(r.verdict.fix, name).toMatch(/\w/);
    }
  }, 120_000);
});
