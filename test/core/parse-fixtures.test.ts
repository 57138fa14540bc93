/**
 * parseFile over the OpenSSL-made fixture corpus (test/fixtures/manifest.json): kinds, order,
 * containers and error codes for the certificate / CSR / CRL / PKCS#7 / broken entries, and the
 * certificate facts cross-checked against `openssl x509` (openssl-facts.json). Key files belong
 * to the keys tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseFile } from '../../core/parse.js';
import type { CertificateItem, CsrItem, Item } from '../../core/types.js';
import type { ManifestEntry as Entry, ManifestItem as WantItem } from '../cli/helpers.js';

const ROOT = join(__dirname, '..', 'fixtures');
const FILES = join(ROOT, 'files');


const MINE = new Set(['certificate', 'certificate-request', 'crl']);
const haveManifest = existsSync(join(ROOT, 'manifest.json'));
const manifest: { files: Entry[] } = haveManifest ? JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) : { files: [] };
const facts = haveManifest ? JSON.parse(readFileSync(join(ROOT, 'openssl-facts.json'), 'utf8')) : { certificates: {}, requests: {} };

/** Entries made only of items this reader owns (or broken files), which must exist in the corpus. */
const entries = manifest.files.filter((e) => [...e.items, ...(e.itemsWithPassword ?? [])].every((i) => MINE.has(i.kind)) && (e.items.length > 0 || e.error));

function shape(item: Item): WantItem {
  const out: WantItem = { kind: item.kind, sensitivity: item.sensitivity, encrypted: item.encrypted };
  const pk = 'publicKey' in item ? item.publicKey : undefined;
  if (pk && item.kind !== 'crl') {
    out.algorithm = pk.algorithm;
    if (pk.algorithm === 'RSA' || pk.algorithm === 'RSA-PSS' || pk.algorithm === 'DSA') out.bits = pk.bits;
    if (pk.curve) out.curve = pk.curve;
  }
  if (item.container) out.container = item.container;
  return out;
}

const read = (path: string, passwords?: string[]) =>
  parseFile({ name: path, bytes: new Uint8Array(readFileSync(join(FILES, path))), ...(passwords ? { passwords } : {}) });

/** openssl's RFC 2253 text has no space after the commas between RDNs; ours has one. */
const rfc2253 = (text: string) => text.replace(/, (?=[A-Za-z][A-Za-z0-9.]*=)/g, ',');

describe.runIf(haveManifest)('fixture corpus: certificates, CSRs, CRLs, PKCS#7, broken files', () => {
  test('the corpus has entries of every kind this reader owns', () => {
    const kinds = new Set(entries.flatMap((e) => e.items.map((i) => i.kind)));
    expect([...kinds].sort()).toEqual(['certificate', 'certificate-request', 'crl']);
    expect(entries.filter((e) => e.error).length).toBeGreaterThanOrEqual(5);
  });

  test.each(entries.map((e) => [e.path, e] as const))('%s', async (_path, e) => {
    for (const [passwords, want] of [
      [undefined, e.items],
      [e.password ? [e.password] : undefined, e.itemsWithPassword ?? e.items],
    ] as const) {
      const r = await read(e.path, passwords ? [...passwords] : undefined);
      expect(r.items.map(shape)).toEqual(want);
      expect(r.errors.map((x) => x.code)).toEqual(e.error ? [e.error] : []);
      for (const x of r.errors) expect(x.message.length).toBeGreaterThan(10);
      r.items.forEach((item, i) => expect(item.source.index).toBe(i));
    }
  });

  test.each(Object.entries(facts.certificates as Record<string, Record<string, string>>))('%s matches openssl x509', async (path, f) => {
    const r = await read(path);
    expect(r.errors).toEqual([]);
    const c = r.items[0] as CertificateItem;
    expect(c.kind).toBe('certificate');
    expect(rfc2253(c.subject.text)).toBe(f.subjectUtf8);
    expect(rfc2253(c.issuer.text)).toBe(f.issuerUtf8);
    expect(c.serial).toBe(f.serial);
    expect(c.notBefore).toBe(f.notBefore);
    expect(c.notAfter).toBe(f.notAfter);
    expect(c.sha256).toBe(f.sha256);
    expect(c.sha1).toBe(f.sha1);
    expect(c.publicKey.spkiSha256).toBe(f.spkiSha256);
  });

  test.each(Object.entries(facts.requests as Record<string, Record<string, string>>))('%s public key matches openssl req', async (path, f) => {
    const r = await read(path);
    const csr = r.items[0] as CsrItem;
    expect(csr.kind).toBe('certificate-request');
    expect(csr.publicKey.spkiSha256).toBe(f.spkiSha256);
  });
});
