// PKCS#12 details beyond the manifest table: bag attributes, the empty password, PEM-wrapped
// PFX, wrong-vs-unsupported, and that non-key DER is left alone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../core/bytes.js';
import { readKeyDer, readKeyPem } from '../../core/keys/read.js';

const ROOT = process.env.PEM_FIXTURES ?? new URL('../fixtures/', import.meta.url).pathname;
const file = (p: string) => new Uint8Array(readFileSync(ROOT + 'files/' + p));
const ctx = (passwords: string[] = []) => ({ passwords, now: new Date() });

describe('PKCS#12', () => {
  it('carries friendlyName and localKeyId from the bags', async () => {
    const r = (await readKeyDer(file('pkcs12/server-rsa.p12'), ctx(['test-password'])))!;
    const key = r.items.find((i) => i.kind === 'private-key')!;
    const leaf = r.items.find((i) => i.kind === 'certificate')!;
    expect(key.friendlyName).toBe('www.example.test');
    expect(leaf.friendlyName).toBe('www.example.test');
    expect(key.localKeyId).toMatch(/^[0-9a-f]+$/);
    expect([key.format, key.container, key.encrypted, key.encoding]).toEqual(['pkcs8', 'pkcs12', false, 'der']);
  });

  it('opens an empty-password file with no password given', async () => {
    const r = (await readKeyDer(file('pkcs12/server-ec-empty-password.p12'), ctx()))!;
    expect(r.errors).toEqual([]);
    expect(r.items.map((i) => i.kind)).toEqual(['certificate', 'certificate', 'certificate', 'private-key']);
  });

  it('locked without a password: one item, no error', async () => {
    const r = (await readKeyDer(file('pkcs12/server-rsa.p12'), ctx()))!;
    expect(r.errors).toEqual([]);
    expect(r.items.map((i) => [i.kind, i.sensitivity, i.encrypted, i.format])).toEqual([['pkcs12', 'private', true, 'pkcs12']]);
  });

  it('reads a PFX inside a PEM "PKCS12" block', async () => {
    const der = file('pkcs12/server-rsa.p12');
    const block = { label: 'PKCS12', headers: {}, der, line: 1, text: toBase64(der) };
    const r = await readKeyPem(block, ctx(['test-password']));
    expect(r.errors).toEqual([]);
    expect(r.items.map((i) => [i.kind, i.encoding])).toContainEqual(['private-key', 'pem']);
  });

  it('a corrupted MAC makes every password wrong, not unsupported', async () => {
    const der = file('pkcs12/server-rsa.p12').slice();
    der[der.length - 30] = der[der.length - 30]! ^ 0xff; // inside the MAC digest or salt at the end of the file
    const r = (await readKeyDer(der, ctx(['test-password'])))!;
    expect(r.errors.map((e) => e.code)).toEqual(['password_wrong']);
    expect(r.items.map((i) => [i.kind, i.encrypted])).toEqual([['pkcs12', true]]);
  });

  it('leaves certificates to the X.509 reader', async () => {
    expect(await readKeyDer(file('certs/root-ca.der'), ctx())).toBeUndefined();
  });
});
