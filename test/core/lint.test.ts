import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleHealth } from '../../core/bundle.js';
import { lintItem } from '../../core/lint.js';
import { parseFile } from '../../core/parse.js';
import type { CertificateItem, Item } from '../../core/types.js';
import { CHAINS } from './chain-helpers.js';

const AT = new Date('2030-01-01T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'lint-'));
const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

async function read(path: string): Promise<Item[]> {
  const r = await parseFile({ name: path, bytes: new Uint8Array(readFileSync(path)) }, { now: AT });
  if (!r.items.length) throw new Error(`nothing read from ${path}: ${JSON.stringify(r.errors)}`);
  return r.items;
}
const chain = (n: string) => read(`${CHAINS}out/${n}.pem`);
const tmp = (n: string) => read(join(dir, n));

beforeAll(() => {
  const key = join(dir, 'k.key');
  ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key);
  const x509 = (name: string, ...extra: string[]) => ossl('req', '-new', '-x509', '-key', key, '-subj', '/CN=self.example.test', '-days', '30', '-out', join(dir, name), ...extra);
  x509('self-leaf.crt', '-addext', 'basicConstraints=critical,CA:false', '-addext', 'subjectAltName=DNS:self.example.test');
  x509('serial-zero.crt', '-set_serial', '0');
  x509('no-san.crt', '-addext', 'basicConstraints=critical,CA:false');
  x509('serial-long.crt', '-set_serial', '0x7f' + '11'.repeat(20));
  ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-192', '-out', join(dir, 'p192.key'));
  ossl('genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', 'dsa_paramgen_bits:2048', '-out', join(dir, 'dsa.param'));
  ossl('genpkey', '-paramfile', join(dir, 'dsa.param'), '-out', join(dir, 'dsa.key'));
}, 60_000);

describe('lintItem', () => {
  const table: { name: string; load: () => Promise<Item[]>; now?: Date; want: string[]; not?: string[] }[] = [
    { name: 'a good leaf has only the long-validity note', load: () => chain('leaf'), want: ['validity_too_long'], not: ['expired', 'no_san', 'cn_not_in_san', 'sha1_signature'] },
    { name: 'expired', load: () => chain('leaf-expired'), want: ['expired'] },
    { name: 'not yet valid', load: () => chain('leaf-notyet'), want: ['not_yet_valid'], not: ['expired'] },
    { name: 'expires soon', load: () => chain('leaf'), now: new Date('2034-12-20T00:00:00Z'), want: ['expires_soon'], not: ['expired'] },
    { name: 'RSA 1024', load: () => chain('leaf-rsa1024'), want: ['weak_rsa_key'] },
    { name: 'SHA-1 signature', load: () => chain('leaf-sha1'), want: ['sha1_signature'] },
    { name: 'CN not in SAN', load: () => chain('leaf-nc-dir-ok'), want: ['cn_not_in_san'] },
    { name: 'CA without keyCertSign', load: () => chain('inter-no-kcs'), want: ['ca_without_keycertsign'] },
    { name: 'a root is not a self-signed leaf', load: () => chain('root'), want: [], not: ['self_signed_leaf', 'no_san', 'ca_without_keycertsign'] },
    { name: 'self-signed leaf', load: () => tmp('self-leaf.crt'), want: ['self_signed_leaf'], not: ['no_san', 'validity_too_long'] },
    { name: 'no SAN', load: () => tmp('no-san.crt'), want: ['no_san'] },
    { name: 'serial zero', load: () => tmp('serial-zero.crt'), want: ['serial_zero'] },
    { name: 'serial too long', load: () => tmp('serial-long.crt'), want: ['serial_too_long'], not: ['serial_negative'] },
    { name: 'expired CRL', load: () => chain('crl-inter-expired'), want: ['crl_expired'] },
    { name: 'current CRL', load: () => chain('crl-inter-clean'), want: [], not: ['crl_expired'] },
    { name: 'P-192 key', load: () => tmp('p192.key'), want: ['weak_ec_key'] },
    { name: 'DSA key', load: () => tmp('dsa.key'), want: ['dsa_key'] },
  ];
  it.each(table.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const [item] = await c.load();
    const codes = lintItem(item!, c.now ?? AT).map((f) => f.code);
    for (const w of c.want) expect(codes).toContain(w);
    for (const n of c.not ?? []) expect(codes).not.toContain(n);
    for (const f of lintItem(item!, c.now ?? AT)) expect(f.message).toMatch(/\.$/);
  });

  it('counts the days before expiry in plain English: 1 day, 12 days', async () => {
    const [leaf] = (await chain('leaf')) as CertificateItem[];
    const before = (days: number) => new Date(Date.parse(leaf!.notAfter) - days * 86_400_000);
    const soon = (now: Date) => lintItem(leaf!, now).find((f) => f.code === 'expires_soon')!.message;
    expect(soon(before(1))).toBe(`The certificate expires within 1 day, on ${leaf!.notAfter}.`);
    expect(soon(before(12))).toBe(`The certificate expires within 12 days, on ${leaf!.notAfter}.`);
  });

  it('reports v1 certificates with extensions and lenient encodings', async () => {
    const [leaf] = (await chain('leaf')) as CertificateItem[];
    const bent: CertificateItem = { ...leaf!, version: 1, warnings: [{ code: 'der_invalid', message: 'non-minimal length encoding' }] };
    const codes = lintItem(bent, AT).map((f) => f.code);
    expect(codes).toContain('v1_with_extensions');
    expect(codes).toContain('non_der');
  });
});

describe('bundleHealth', () => {
  const load = async (...names: string[]) => (await Promise.all(names.map(chain))).flat();
  const table: { name: string; certs: string[]; want: Record<string, number[]> }[] = [
    { name: 'leaf then intermediate is healthy', certs: ['leaf', 'inter'], want: {} },
    { name: 'reversed order', certs: ['inter', 'leaf'], want: { chain_order: [1, 0] } },
    { name: 'root in the middle', certs: ['leaf', 'root', 'inter'], want: { chain_order: [0, 2, 1], root_included: [1] } },
    { name: 'intermediate missing', certs: ['leaf'], want: { intermediate_missing: [0] } },
    { name: 'duplicate', certs: ['leaf', 'inter', 'inter'], want: { duplicate: [1, 2] } },
    { name: 'root included', certs: ['leaf', 'inter', 'root'], want: { root_included: [2] } },
  ];
  it.each(table.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const got = bundleHealth(await load(...c.certs));
    expect(Object.fromEntries(got.map((f) => [f.code, f.itemIndexes]))).toEqual(c.want);
  });
});

describe('bundleHealth: what is a bundle', () => {
  const file = async (path: string, passwords: string[] = []) => {
    const r = await parseFile({ name: path, bytes: new Uint8Array(readFileSync(path)), passwords }, { now: AT });
    expect(r.items.length).toBeGreaterThan(1);
    return r.items;
  };
  const F = 'test/fixtures/formats/files';

  it('the entries of a keystore are no bundle: a CA stored as a trusted entry and again in a chain is not a duplicate', async () => {
    const items = await file(`${F}/jks/store.jceks`, ['jcekspass']);
    expect(items.filter((i) => i.kind === 'certificate' && i.subject.text === (items[0] as CertificateItem).subject.text).length).toBe(2);
    expect(items.filter((i) => i.kind === 'secret-key').length).toBe(2);
    expect(bundleHealth(items)).toEqual([]);
  });

  it('each value of a manifest is its own bundle, and item numbers are the file’s', async () => {
    const items = await file(`${F}/kubernetes/tls-secret.yaml`);
    const found = bundleHealth(items);
    for (const f of found) {
      const places = new Set(f.itemIndexes.map((i) => items[i]!.location));
      expect(places.size, `${f.code} spans values: ${[...places].join(' | ')}`).toBe(1);
      if (/items \d/.test(f.message)) for (const i of f.itemIndexes) expect(f.message).toMatch(new RegExp(`\\b${i + 1}\\b`));
    }
  });

  it('one public key written three ways is one key appearing three times', () => {
    const pem = readFileSync('test/fixtures/files/public/ec-p256.pub.pem', 'utf8');
    const der = new Uint8Array(readFileSync('test/fixtures/files/public/ec-p256.pub.der'));
    const ssh = execFileSync('ssh-keygen', ['-i', '-m', 'PKCS8', '-f', 'test/fixtures/files/public/ec-p256.pub.pem'], { encoding: 'utf8' });
    return Promise.all([
      parseFile({ name: 'a.pem', bytes: new TextEncoder().encode(pem + ssh) }, { now: AT }),
      parseFile({ name: 'b.der', bytes: der }, { now: AT }),
    ]).then(([a, b]) => {
      const items = [...a.items, ...b.items];
      expect(items.map((i) => i.kind)).toEqual(['public-key', 'public-key', 'public-key']);
      expect(bundleHealth(items).map((f) => [f.code, f.itemIndexes, f.message])).toEqual([['duplicate', [0, 1, 2], 'The same public key appears 3 times (items 1, 2, 3).']]);
    });
  });
});
