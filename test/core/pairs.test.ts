import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFile } from '../../core/parse.js';
import { findPairs, matchPair } from '../../core/pairs.js';
import type { Item, PrivateKeyItem } from '../../core/types.js';

const PASSWORD = 'test-password';

async function items(path: string, passwords: string[] = [PASSWORD]): Promise<Item[]> {
  const r = await parseFile({ name: path, bytes: new Uint8Array(readFileSync(path)), passwords });
  return r.items;
}

async function first(path: string, kind?: string, passwords?: string[]): Promise<Item> {
  const all = await items(path, passwords);
  const it = kind ? all.find((i) => i.kind === kind) : all[0];
  if (!it) throw new Error(`no ${kind ?? 'item'} in ${path}`);
  return it;
}

// Keys of every type made by OpenSSL in a temporary directory.
const dir = mkdtempSync(join(tmpdir(), 'pairs-'));
const TYPES: Record<string, string[]> = {
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  rsa3072: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072'],
  pss: ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'],
  p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  p384: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  p521: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'],
  ed25519: ['-algorithm', 'ED25519'],
  ed448: ['-algorithm', 'ED448'],
  x25519: ['-algorithm', 'X25519'],
  x448: ['-algorithm', 'X448'],
};
const f = (n: string) => join(dir, n);
const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  for (const [name, args] of Object.entries(TYPES)) {
    for (const suffix of ['', '-b']) {
      const key = f(`${name}${suffix}.key`);
      ossl('genpkey', ...args, '-out', key);
      ossl('pkey', '-in', key, '-pubout', '-out', f(`${name}${suffix}.pub.pem`));
      ossl('pkey', '-in', key, '-outform', 'DER', '-out', f(`${name}${suffix}.der`));
    }
    ossl('pkcs8', '-topk8', '-in', f(`${name}.key`), '-passout', `pass:${PASSWORD}`, '-out', f(`${name}.enc.key`));
    if (!name.startsWith('x')) ossl('req', '-new', '-x509', '-key', f(`${name}.key`), '-subj', `/CN=${name}`, '-days', '1', '-out', f(`${name}.crt`));
  }
  ossl('ec', '-in', f('p256.key'), '-out', f('p256.sec1.key'));
  ossl('rsa', '-in', f('rsa.key'), '-traditional', '-out', f('rsa.pkcs1.key'));
  ossl('ec', '-in', f('p256.key'), '-pubout', '-conv_form', 'compressed', '-out', f('p256.compressed.pub.pem'));
}, 60_000);

describe('matchPair across key types and encodings', () => {
  const table: { name: string; pub: string; priv: string; want: string; proof?: boolean }[] = [];
  for (const t of Object.keys(TYPES)) {
    const signing = !t.startsWith('x');
    table.push({ name: `${t} SPKI vs PKCS#8 PEM`, pub: `${t}.pub.pem`, priv: `${t}.key`, want: 'match', proof: signing });
    table.push({ name: `${t} SPKI vs PKCS#8 DER`, pub: `${t}.pub.pem`, priv: `${t}.der`, want: 'match', proof: signing });
    table.push({ name: `${t} SPKI vs encrypted PKCS#8`, pub: `${t}.pub.pem`, priv: `${t}.enc.key`, want: 'match', proof: signing });
    table.push({ name: `${t} another key of the same type`, pub: `${t}-b.pub.pem`, priv: `${t}.key`, want: 'different_key' });
    if (signing) table.push({ name: `${t} certificate vs key`, pub: `${t}.crt`, priv: `${t}.key`, want: 'match', proof: true });
  }
  table.push(
    { name: 'SEC1 EC key', pub: 'p256.crt', priv: 'p256.sec1.key', want: 'match', proof: true },
    { name: 'PKCS#1 RSA key', pub: 'rsa.crt', priv: 'rsa.pkcs1.key', want: 'match', proof: true },
    { name: 'compressed EC point', pub: 'p256.compressed.pub.pem', priv: 'p256.key', want: 'match', proof: true },
    { name: 'P-256 key vs P-384 certificate', pub: 'p384.crt', priv: 'p256.key', want: 'different_curve' },
    { name: 'Ed25519 vs Ed448', pub: 'ed448.crt', priv: 'ed25519.key', want: 'different_algorithm' },
    { name: 'RSA key vs EC certificate', pub: 'p256.crt', priv: 'rsa.key', want: 'different_algorithm' },
    { name: 'RSA 2048 vs RSA 3072', pub: 'rsa3072.crt', priv: 'rsa.key', want: 'different_key' },
    { name: 'X25519 vs X448', pub: 'x448.pub.pem', priv: 'x25519.key', want: 'different_algorithm' },
  );
  it.each(table.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const pub = await first(f(c.pub));
    const priv = await first(f(c.priv), 'private-key');
    const r = await matchPair(pub, priv);
    expect(r.verdict).toBe(c.want);
    expect(r.message.length).toBeGreaterThan(10);
    if (c.want === 'match') expect(r.proof?.verified ?? false).toBe(c.proof ?? false);
    // Order of the arguments does not matter.
    expect((await matchPair(priv, pub)).verdict).toBe(c.want);
  });

  it('an encrypted key without its password is not comparable', async () => {
    const priv = await first(f('p256.enc.key'), 'private-key', []);
    expect(priv.encrypted).toBe(true);
    const r = await matchPair(await first(f('p256.crt')), priv);
    expect(r.verdict).toBe('not_comparable');
  });
});

describe('findPairs', () => {
  it('finds each key with its certificate and public key, and nothing else', async () => {
    const set: Item[] = [];
    for (const n of ['p256.crt', 'rsa.key', 'p384.pub.pem', 'p256.key', 'rsa.crt', 'ed25519.crt', 'p384.key', 'p384-b.key']) set.push(await first(f(n)));
    const pairs = await findPairs(set);
    const got = pairs.map((p) => [p.privateIndex, p.publicIndex, p.result.verdict]);
    expect(got).toEqual([
      [1, 4, 'match'],
      [3, 0, 'match'],
      [6, 2, 'match'],
    ]);
  });
});

// Ground truth from the shared fixtures (test/fixtures/manifest.json `pairWith`).
const FILES = fileURLToPath(new URL('../fixtures/files/', import.meta.url));
const manifestPath = fileURLToPath(new URL('../fixtures/manifest.json', import.meta.url));
const manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { path: string; pairWith?: string[] }[] }) : { files: [] };
const known = manifest.files.flatMap((m) => (m.pairWith ?? []).map((k) => ({ pub: m.path, priv: k }))).filter((p) => existsSync(FILES + p.pub) && existsSync(FILES + p.priv));
const allKeys = [...new Set(known.map((p) => p.priv))];

describe('matchPair over the shared fixtures', () => {
  it('has fixtures to check', () => expect(known.length).toBeGreaterThan(5));
  it.each(known.map((p) => [`${p.pub} ⇄ ${p.priv}`, p] as const))('%s', async (_n, p) => {
    const a = await items(FILES + p.pub);
    const b = await items(FILES + p.priv);
    const privs = [...a, ...b].filter((i) => i.kind === 'private-key');
    const others = (x: Item[]) => x.filter((i) => i.kind !== 'pkcs12');
    expect(privs.length).toBeGreaterThan(0);
    const results = await Promise.all(privs.flatMap((k) => others(a.includes(k) ? b : a).map((o) => matchPair(o, k))));
    expect(results.some((r) => r.verdict === 'match')).toBe(true);
    const stranger = allKeys.find((k) => k !== p.pub && k !== p.priv && !known.some((q) => (q.pub === p.pub && q.priv === k) || (q.priv === p.pub && q.pub === k)));
    if (stranger) {
      const strange = (await items(FILES + stranger)).filter((i): i is PrivateKeyItem => i.kind === 'private-key' && !!i.publicKey);
      const mine = new Set(privs.map((k) => (k as PrivateKeyItem).publicKey?.spkiSha256));
      for (const s of strange.filter((k) => !mine.has(k.publicKey?.spkiSha256))) {
        const rs = await Promise.all(others([...a, ...b]).filter((i) => i.kind !== 'private-key').map((i) => matchPair(i, s)));
        expect(rs.every((r) => r.verdict !== 'match')).toBe(true);
      }
    }
  });
});
