/**
 * The window's pure helpers over real parsed fixtures: the words it uses instead of the command
 * line's, date badges apart from trust, trust verdicts from chains, the filter's reach over every
 * shown field (cross-checked with OpenSSL's own reading), the list's views and the readable text.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../core/parse.js';
import { buildChains } from '../../core/chain/index.js';
import type { CertificateItem } from '../../core/types.js';
import type { LoadedFile, Row } from '../../renderer/src/lib/model.js';
import type { Relations } from '../../renderer/src/lib/protocol.js';
import { count, expiry, span } from '../../renderer/src/lib/format.js';
import { findingCount, nameWarnings, windowWords } from '../../renderer/src/lib/words.js';
import { matches, queryWords, rowText } from '../../renderer/src/lib/search.js';
import { verdicts } from '../../renderer/src/lib/trust.js';
import { expiringWithin, fileListEntries, listEntries } from '../../renderer/src/lib/listing.js';
import { readableText } from '../../renderer/src/lib/readable.js';

const FILES = path.resolve(import.meta.dirname, '../fixtures/files');
const DAY = 86_400_000;

async function load(rels: string[]): Promise<LoadedFile[]> {
  return Promise.all(
    rels.map(async (rel, i) => {
      const r = await parseFile({ name: path.basename(rel), bytes: new Uint8Array(readFileSync(path.join(FILES, rel))) });
      return { id: `f${i}`, name: path.basename(rel), sha256: '', items: r.items, errors: r.errors };
    }),
  );
}
const rowsOf = (f: LoadedFile): Row[] => f.items.map((item, index) => ({ ref: { fileId: f.id, index }, file: f, item }));
const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });

/** The window's relations for these files, built by the same core call the Worker makes. */
async function relationsOf(files: LoadedFile[], trustedRoots: string[]): Promise<{ rel: Relations; trusted: Set<string> }> {
  const certs: CertificateItem[] = [];
  const anchors: CertificateItem[] = [];
  const refs = new Map<string, { fileId: string; index: number }>();
  const trusted = new Set<string>();
  for (const f of files)
    f.items.forEach((item, index) => {
      if (item.kind !== 'certificate') return;
      refs.set(item.sha256, { fileId: f.id, index });
      if (trustedRoots.includes(f.name)) {
        anchors.push(item);
        trusted.add(item.sha256);
      } else certs.push(item);
    });
  const results = await buildChains(certs, anchors, new Date());
  const rel: Relations = { pairs: [], bundle: [], lonelyKeys: [], unavailable: [], chains: results.map((result) => ({ result, refs: result.chain.map((l) => refs.get(l.sha256)) })) };
  return { rel, trusted };
}

describe('window words', () => {
  it.each([
    { input: 'The certificate expired on 2002-12-31T23:59:59.000Z.', want: 'The certificate expired on 2002-12-31 23:59:59 UTC.' },
    { input: 'The certificate expires within 1 day, on 2030-01-01T00:00:00Z.', want: 'The certificate expires within 1 day, on 2030-01-01 00:00:00 UTC.' },
    { input: 'no trusted certificate is named CN=X; add the issuer with --trusted or the missing intermediate with --untrusted.', want: 'no trusted certificate is named CN=X; load the issuer (a root, trusted here once loaded) or the missing intermediate.' },
    { input: 'try --purpose client', want: 'try the client check' },
  ])('$input', ({ input, want }) => {
    expect(windowWords(input)).toBe(want);
    expect(windowWords(input)).not.toMatch(/--|day\(s\)|\dT\d/);
  });

  it('counts findings in words', () => {
    expect(findingCount([{ code: 'a', severity: 'warning', message: '' }])).toBe('1 warning');
    expect(findingCount([{ code: 'a', severity: 'error', message: '' }, { code: 'b', severity: 'warning', message: '' }, { code: 'c', severity: 'warning', message: '' }])).toBe('3 findings (1 error, 2 warnings)');
  });
});

describe('lookalike names', () => {
  it('rows and titles warn on exactly the name findings core reports for lookalike and malformed names', async () => {
    const [clean] = await load(['certs/server-rsa.crt']);
    expect(nameWarnings(clean!.items[0]!)).toEqual([]);
    const names = path.resolve(import.meta.dirname, '../fixtures/facts/names');
    for (const file of ['cyrillic.crt', 'hidden.crt', 'idn-mixed.crt', 'non-ldh.crt', 'soft-hyphen.crt', 'bad-ia5.crt']) {
      const r = await parseFile({ name: file, bytes: new Uint8Array(readFileSync(path.join(names, file))) });
      const item = r.items[0]!;
      expect(nameWarnings(item).length, `${file}: ${item.findings.map((f) => f.code).join(', ')}`).toBeGreaterThan(0);
      expect(nameWarnings(item).every((f) => item.findings.includes(f))).toBe(true);
    }
    const r = await parseFile({ name: 'clean.crt', bytes: new Uint8Array(readFileSync(path.join(names, 'clean.crt'))) });
    expect(nameWarnings(r.items[0]!)).toEqual([]);
    expect(nameWarnings({ ...clean!.items[0]!, findings: [{ code: 'expires_soon', severity: 'warning', message: 'x' }] })).toEqual([]);
  });
});

describe('date badges say dates only', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  it.each([
    { nb: '2026-01-01T00:00:00Z', na: '2027-01-01T00:00:00Z', want: { state: 'valid', text: 'in date', tone: 'ok' } },
    { nb: '2026-01-01T00:00:00Z', na: '2026-06-13T00:00:00Z', want: { state: 'expiring', text: 'expires in 12 days', tone: 'warn' } },
    { nb: '2026-01-01T00:00:00Z', na: '2026-06-01T12:00:00Z', want: { state: 'expiring', text: 'expires today', tone: 'warn' } },
    { nb: '2020-01-01T00:00:00Z', na: '2026-05-02T00:00:00Z', want: { state: 'expired', text: 'expired 30 days ago', tone: 'bad' } },
    { nb: '2000-01-01T00:00:00Z', na: '2019-12-01T00:00:00Z', want: { state: 'expired', text: 'expired 6 years ago', tone: 'bad' } },
    { nb: '2026-06-04T00:00:00Z', na: '2027-01-01T00:00:00Z', want: { state: 'not-yet', text: 'not started: starts in 3 days', tone: 'bad' } },
  ])('$nb → $na', ({ nb, na, want }) => {
    const e = expiry(nb, na, now)!;
    expect({ state: e.state, text: e.text, tone: e.tone }).toEqual(want);
    // "valid" is the trust badge's word: a date badge never says it.
    expect(e.text).not.toMatch(/\bvalid\b/);
  });
  it('spans read in the largest sensible unit', () => {
    expect([span(1), span(59), span(61), span(400), span(8736)]).toEqual(['1 day', '59 days', '2 months', '13 months', '23 years']);
  });
});

describe('trust verdicts come from the chains', () => {
  it('a loaded root makes its chain valid; the same leaf untrusted says why; a self-signed leaf is in date but its chain invalid', async () => {
    const files = await load(['certs/root-ca.crt', 'certs/intermediate-ca.crt', 'certs/server-rsa.crt', 'certs/expired-server.crt', 'certs/expired-self-signed.crt']);
    const sha = (name: string) => files.find((f) => f.name === name)!.items[0]!.sha256;
    const trustedRun = await relationsOf(files, ['root-ca.crt']);
    const v = verdicts(trustedRun.rel, trustedRun.trusted);
    expect(v.get(sha('root-ca.crt'))?.state).toBe('anchor');
    expect(v.get(sha('intermediate-ca.crt'))?.text).toBe('chain valid');
    expect(v.get(sha('server-rsa.crt'))?.text).toBe('chain valid');
    expect(v.get(sha('expired-server.crt'))?.text).toBe('chain invalid: expired');
    expect(v.get(sha('expired-server.crt'))?.reasons.map((r) => r.code)).toContain('expired');

    const untrusted = await relationsOf(files, []);
    const u = verdicts(untrusted.rel, untrusted.trusted);
    expect(u.get(sha('server-rsa.crt'))?.state).toBe('invalid');
    expect(u.get(sha('server-rsa.crt'))?.text).toMatch(/^chain invalid: (untrusted root|self-signed, not trusted)$/);
    expect(u.get(sha('root-ca.crt'))?.state).toBe('invalid');
  });
});

describe('the filter reaches every shown field', async () => {
  const rels = ['certs/server-rsa.crt', 'certs/constrained-ca.crt', 'certs/root-ca.crt', 'certs/intermediate-ca.crt', 'certs/expired-server.crt', 'keys/server-ec.key', 'keys/server-rsa.key', 'encrypted/pkcs8-aes256-cbc.key', 'certs/server-ec.crt'];
  const files = await load(rels);
  const rows = files.flatMap(rowsOf);
  const { rel, trusted } = await relationsOf(files, ['root-ca.crt']);
  const v = verdicts(rel, trusted);
  const find = (q: string) => rows.filter((r) => matches(rowText(r, v.get(r.item.sha256)?.text ?? ''), queryWords(q))).map((r) => r.file.name).sort();
  const pemDer = (rel: string) => Buffer.from(readFileSync(path.join(FILES, rel), 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const sha256Colons = (der: Buffer) => createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
  const serial = openssl('x509', '-in', path.join(FILES, 'certs/server-rsa.crt'), '-noout', '-serial').trim().replace('serial=', '');
  const spki = (rel: string) => createHash('sha256').update(execFileSync('openssl', ['pkey', '-in', path.join(FILES, rel), '-pubout', '-outform', 'DER'])).digest('hex');
  /** Files whose subject or issuer OpenSSL prints with this text. */
  const byName = (text: string) => rels.filter((r) => r.startsWith('certs/') && openssl('x509', '-in', path.join(FILES, r), '-noout', '-subject', '-issuer').includes(text)).map((r) => path.basename(r)).sort();
  const rsaCerts = rels.filter((r) => r.startsWith('certs/') && openssl('x509', '-in', path.join(FILES, r), '-noout', '-text').includes('rsaEncryption')).map((r) => path.basename(r));
  const rsaKeys = ['server-rsa.key'];

  it.each([
    { field: 'DNS name', q: '*.api.example.test', want: ['server-rsa.crt'] },
    { field: 'IP address', q: '192.0.2.10', want: ['server-rsa.crt'] },
    { field: 'e-mail', q: 'admin@example.test', want: ['server-rsa.crt'] },
    { field: 'URI', q: 'http://pki.example.test/', want: ['constrained-ca.crt'] },
    { field: 'serial, as OpenSSL prints it', q: serial, want: ['server-rsa.crt'] },
    { field: 'serial with colons', q: serial.match(/../g)!.join(':'), want: ['server-rsa.crt'] },
    { field: 'SHA-256 with colons', q: sha256Colons(pemDer('certs/intermediate-ca.crt')), want: ['intermediate-ca.crt'] },
    { field: 'SHA-256 without colons', q: sha256Colons(pemDer('certs/intermediate-ca.crt')).replace(/:/g, '').toLowerCase(), want: ['intermediate-ca.crt'] },
    { field: 'public key SHA-256 (both halves)', q: spki('keys/server-ec.key'), want: ['server-ec.crt', 'server-ec.key'] },
    { field: 'issuer', q: 'Test Intermediate CA', want: byName('Test Intermediate CA') },
    { field: 'key type', q: 'RSA', want: [...rsaCerts, ...rsaKeys].sort() },
    { field: 'badge word "secret"', q: 'secret', want: ['pkcs8-aes256-cbc.key', 'server-ec.key', 'server-rsa.key'] },
    { field: 'badge word "locked"', q: 'locked', want: ['pkcs8-aes256-cbc.key'] },
    { field: 'badge word "expired"', q: 'expired', want: ['expired-server.crt'] },
    { field: 'badge words "chain valid"', q: 'chain valid', want: ['constrained-ca.crt', 'intermediate-ca.crt', 'server-ec.crt', 'server-rsa.crt'].filter((n) => v.get(files.find((f) => f.name === n)!.items[0]!.sha256)?.state === 'valid') },
    { field: 'badge words "trusted root"', q: 'trusted root', want: ['root-ca.crt'] },
  ])('$field', ({ q, want }) => {
    expect(want.length).toBeGreaterThan(0);
    expect(find(q)).toEqual(want);
  });
  it('every word must start a word of what is shown', () => {
    expect(find('secret RSA')).toEqual(['server-rsa.key']);
    expect(find('secret nothing-like-this')).toEqual([]);
    expect(find('example.test')).toContain('server-rsa.crt');
    expect(find('xample.test')).toEqual([]);
    // "valid" is not found inside "invalid": the expired leaf's chain is invalid, not valid.
    expect(find('invalid')).toContain('expired-server.crt');
    expect(find('valid')).not.toContain('expired-server.crt');
  });
});

describe('list views', async () => {
  const files = await load(['keys/server-rsa.key', 'certs/server-rsa.crt', 'certs/expired-server.crt', 'certs/intermediate-ca.crt', 'certs/root-ca.crt', 'csr/server-ec.csr']);
  const { rel } = await relationsOf(files, ['root-ca.crt']);
  const names = (mode: Parameters<typeof listEntries>[2]['mode'], keep?: (r: Row) => boolean) =>
    listEntries(files, rowsOf, { mode, keep, fileHit: () => true, relations: rel }).flatMap((e) => (e.type === 'item' ? [`${'  '.repeat(e.depth)}${e.row.file.name}`] : e.type === 'heading' ? [`# ${e.text}`] : []));

  it('the hierarchy puts roots above intermediates above leaves, other items after', () => {
    expect(names('hierarchy')).toEqual([
      '# Certificates, each under its issuer',
      'root-ca.crt',
      '  intermediate-ca.crt',
      '    expired-server.crt',
      '    server-rsa.crt',
      '# Keys, requests and other items',
      'server-ec.csr',
      'server-rsa.key',
    ]);
  });
  it('by expiry puts the soonest end first and undated items last', () => {
    const ends = new Map(files.flatMap((f) => f.items.flatMap((i) => (i.kind === 'certificate' ? [[f.name, Date.parse(i.notAfter)] as const] : []))));
    const order = names('expiry');
    const dated = order.filter((n) => ends.has(n));
    expect(dated).toEqual([...dated].sort((a, b) => ends.get(a)! - ends.get(b)!));
    expect(order.slice(-2).sort()).toEqual(['server-ec.csr', 'server-rsa.key']);
    expect(order[0]).toBe('expired-server.crt');
  });
  it('expiring within N days keeps expired and soon-ending dated items only', () => {
    expect(names('file', (r) => expiringWithin(r, 0))).toEqual(['expired-server.crt']);
    const all = names('file', (r) => expiringWithin(r, 365 * 100));
    expect(all.sort()).toEqual(['expired-server.crt', 'intermediate-ca.crt', 'root-ca.crt', 'server-rsa.crt']);
    const r = rowsOf(files[1]!)[0]!;
    expect(expiringWithin(r, 10, Date.parse((r.item as CertificateItem).notAfter) - 5 * DAY)).toBe(true);
    expect(expiringWithin(r, 3, Date.parse((r.item as CertificateItem).notAfter) - 5 * DAY)).toBe(false);
  });
  it('a load that only adds files extends the plain list by file; anything else makes it anew', async () => {
    const broken = (await load(['broken/random.der']))[0]!;
    const all = [...files.slice(0, 3), { ...broken, id: 'fb' }, ...files.slice(3)];
    const o = { mode: 'file' as const, fileHit: () => true, relations: null };
    const whole = listEntries(all, rowsOf, o);
    expect(whole.some((e) => e.type === 'error')).toBe(true);
    // Step by step, one file or several at a time, as a load's flushes add them.
    let memo = fileListEntries(undefined, all.slice(0, 1), rowsOf, o);
    for (const upTo of [1, 3, 4, 4, all.length]) {
      const before = memo;
      memo = fileListEntries(memo, all.slice(0, upTo), rowsOf, o);
      expect(memo.entries).toEqual(listEntries(all.slice(0, upTo), rowsOf, o));
      if (before.files.length === upTo) expect(memo.entries).toBe(before.entries);
    }
    expect(memo.entries).toEqual(whole);
    // A file removed, or replaced by its unlocked read, is not a prefix: the list is made anew.
    const removed = all.filter((_, i) => i !== 1);
    expect(fileListEntries(memo, removed, rowsOf, o).entries).toEqual(listEntries(removed, rowsOf, o));
    const replaced = all.map((f, i) => (i === 2 ? { ...f, items: f.items.slice(0, 0) } : f));
    expect(fileListEntries(memo, replaced, rowsOf, o).entries).toEqual(listEntries(replaced, rowsOf, o));
  });
});

describe('counts', () => {
  it('are written as en-US writes them, without asking Intl (its first use is a long task)', () => {
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => count(n) === n.toLocaleString('en-US')));
    for (const n of [0, 7, 999, 1000, 10_000, 123_456_789, -1234]) expect(count(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('copy as text', () => {
  it('writes what OpenSSL reads: subject, issuer, names and the fingerprint', async () => {
    const [f] = await load(['certs/server-rsa.crt']);
    const text = readableText(f!.items[0]!, 'server-rsa.crt')!;
    const subject = openssl('x509', '-in', path.join(FILES, 'certs/server-rsa.crt'), '-noout', '-subject', '-nameopt', 'RFC2253').trim().replace(/^subject=/, '');
    for (const part of subject.split(',')) expect(text).toContain(part);
    const fp = openssl('x509', '-in', path.join(FILES, 'certs/server-rsa.crt'), '-noout', '-fingerprint', '-sha256').trim().split('=')[1]!;
    expect(text).toContain(`SHA-256:     ${fp}`);
    expect(text).toMatch(/subjectAltName[\s\S]*www\.example\.test[\s\S]*192\.0\.2\.10/);
    const [key] = await load(['keys/server-rsa.key']);
    expect(readableText(key!.items[0]!, 'server-rsa.key')).toBeUndefined();
  });
});
