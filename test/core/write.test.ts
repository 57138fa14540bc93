/**
 * The writers' rules, in process: what each format accepts and refuses (with which code and
 * sentence), the order and attributes of what it writes (read back with our own parser), the
 * sensitivity it decides, and the read-back check itself.
 */
import { describe, expect, it } from 'vitest';
import { utf8Decode } from '../../core/bytes.js';
import { sha1Hex } from '../../core/hash.js';
import { parseFile } from '../../core/parse.js';
import type { CertificateItem, Item } from '../../core/types.js';
import { writerFor, type OutputFormat, type WriteOptions } from '../../core/write/index.js';
import { orderCertificates } from '../../core/write/order.js';
import { checkReadBack, identity } from '../../core/write/readback.js';
import { fixture, itemsOf, MANIFEST, ok, pemBlocks, PW, SETS, tempDir, tool, writeTemp, type FixtureSet } from './write-helpers.js';

const set = (algorithm: string) => SETS.find((s) => s.algorithm === algorithm)!;
const [rsa, p256, p384, ed25519, ed448] = ['rsa', 'p256', 'p384', 'ed25519', 'ed448'].map(set) as [FixtureSet, FixtureSet, FixtureSet, FixtureSet, FixtureSet];

async function accepts(format: OutputFormat, items: Item[], opts: Partial<WriteOptions> = {}) {
  return writerFor(format)!.accepts(items, { fileName: 'out', ...opts });
}

async function writeOne(format: OutputFormat, items: Item[], opts: Partial<WriteOptions> = {}) {
  const files = await writerFor(format)!.write(items, { fileName: 'out', ...opts });
  expect(files).toHaveLength(1);
  return files[0]!;
}

const certs = (items: Item[]) => items.filter((i): i is CertificateItem => i.kind === 'certificate');

describe('refusals: a code and a sentence that says what is missing or ambiguous', () => {
  const cases: { name: string; format: OutputFormat; files: () => string[]; opts?: Partial<WriteOptions>; passwords?: string[]; code: string; says: RegExp }[] = [
    { name: 'pkcs12 without a certificate for the key', format: 'pkcs12', files: () => [fixture(rsa, 'leaf.key'), fixture(p256, 'chain.pem')], opts: { password: 'x' }, code: 'missing', says: /No certificate among the inputs belongs to the private key RSA 2048/ },
    { name: 'pkcs12 with two keys', format: 'pkcs12', files: () => [fixture(rsa, 'leaf.key'), fixture(p256, 'leaf.key'), fixture(rsa, 'chain.pem')], opts: { password: 'x' }, code: 'ambiguous', says: /2 different private keys: private key RSA 2048 \(item 1\) and private key EC P-256 \(item 2\); a PKCS#12 file holds one/ },
    { name: 'pkcs12 with two certificates for the key', format: 'pkcs12', files: () => [fixture(rsa, 'leaf.key'), fixture(rsa, 'leaf.crt'), fixture(rsa, 'leaf-renewed.crt')], opts: { password: 'x' }, code: 'ambiguous', says: /2 certificates belong to the private key RSA 2048/ },
    { name: 'pkcs12 without a key', format: 'pkcs12', files: () => [fixture(rsa, 'chain.pem')], opts: { password: 'x' }, code: 'missing', says: /needs a private key, and the inputs hold none/ },
    { name: 'a private key with neither password nor no-password', format: 'pkcs8', files: () => [fixture(rsa, 'leaf.key')], code: 'password_choice', says: /choose a new password .* or choose explicitly to write it without one/ },
    { name: 'both a password and no password', format: 'pkcs8', files: () => [fixture(rsa, 'leaf.key')], opts: { password: 'x', noPassword: true }, code: 'invalid_option', says: /not both/ },
    { name: 'an empty password', format: 'pem', files: () => [fixture(rsa, 'leaf.key')], opts: { password: '' }, code: 'invalid_option', says: /empty/ },
    { name: 'a password for public output', format: 'pem', files: () => [fixture(rsa, 'chain.pem')], opts: { password: 'x' }, code: 'invalid_option', says: /holds no private key/ },
    { name: 'a locked key', format: 'pem', files: () => [fixture(rsa, 'leaf.enc.key'), fixture(rsa, 'chain.pem')], passwords: [], code: 'locked', says: /private key .*\(item 1\) is still encrypted/ },
    { name: 'a locked PKCS#12', format: 'pem', files: () => [fixture(rsa, 'leaf.p12')], passwords: [], code: 'locked', says: /PKCS#12 container \(item 1\) is still encrypted/ },
    { name: 'der of three items', format: 'der', files: () => [fixture(rsa, 'chain.pem')], code: 'ambiguous', says: /3 items: .*a DER file holds one/ },
    { name: 'an item number that does not exist', format: 'der', files: () => [fixture(rsa, 'chain.pem')], opts: { item: 3 }, code: 'invalid_option', says: /no item 4: choose from 1 to 3/ },
    { name: 'a traditional key with a password', format: 'traditional', files: () => [fixture(rsa, 'leaf.key')], opts: { password: 'x' }, code: 'unsupported', says: /one MD5 round/ },
    { name: 'a traditional Ed25519 key', format: 'traditional', files: () => [fixture(ed25519, 'leaf.key')], opts: { noPassword: true }, code: 'unsupported', says: /Ed25519 keys exist only as PKCS#8/ },
    { name: 'an OpenSSH Ed448 key', format: 'openssh', files: () => [fixture(ed448, 'leaf.key')], opts: { noPassword: true }, code: 'unsupported', says: /OpenSSH has no Ed448/ },
    { name: 'an authorized_keys line from two keys', format: 'openssh', files: () => [fixture(rsa, 'leaf.crt'), fixture(p256, 'leaf.crt')], code: 'ambiguous', says: /2 different public keys/ },
  ];
  it.each(cases)('$name', async ({ format, files, opts, passwords, code, says }) => {
    const items = await itemsOf(files(), passwords);
    const verdict = await accepts(format, items, opts);
    expect(verdict).toMatchObject({ ok: false, code });
    expect(verdict.ok ? '' : verdict.message).toMatch(says);
    await expect(writerFor(format)!.write(items, { fileName: 'out', ...opts })).rejects.toMatchObject({ name: 'WriteError', code });
  });

  it('names items the way the caller does when it says how (origins)', async () => {
    const items = await itemsOf([fixture(rsa, 'leaf.key'), fixture(p256, 'leaf.key')]);
    const verdict = await accepts('pkcs8', items, { noPassword: true, origins: ['item 1 in a.key', 'item 2 in b.key'] });
    expect(verdict.ok ? '' : verdict.message).toContain('private key RSA 2048 (item 1 in a.key) and private key EC P-256 (item 2 in b.key)');
  });
});

describe('pkcs12', () => {
  it('finds the certificate by key, orders the chain leaf → root whatever the input order, leaves the rest out with notes', async () => {
    // Root first, the leaf last, the key in between, an unrelated certificate and a same-name impostor.
    const chain = await itemsOf([fixture(rsa, 'chain.pem')]);
    const items = [chain[2]!, ...(await itemsOf([fixture('ca', 'inter-impostor.crt'), fixture(rsa, 'leaf.key'), fixture('other', 'other.crt')])), chain[1]!, chain[0]!];
    const verdict = await accepts('pkcs12', items, { password: 'pw' });
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(verdict.notes.join(' ')).toMatch(/Left out the certificate CN=Convert Test Intermediate.*\(item 2\) and certificate CN=Unrelated \(item 4\): not in the chain of CN=rsa.convert.test/);

    const file = await writeOne('pkcs12', items, { password: 'pw' });
    const back = await parseFile({ name: 'x.p12', bytes: file.bytes, passwords: ['pw'] });
    expect(back.errors).toEqual([]);
    expect(certs(back.items).map((c) => c.sha256)).toEqual(rsa.chainSha256);
    const key = back.items.find((i) => i.kind === 'private-key')!;
    expect(identity(key)).toBe(`private-key:${rsa.spkiSha256}`);
    // Friendly name (the leaf's CN) and local key ID (the leaf's SHA-1) on the key and the leaf only.
    const leaf = certs(back.items)[0]!;
    expect([key.friendlyName, key.localKeyId]).toEqual(['rsa.convert.test', sha1Hex(leaf.der)]);
    expect([leaf.friendlyName, leaf.localKeyId]).toEqual(['rsa.convert.test', sha1Hex(leaf.der)]);
    expect(certs(back.items).slice(1).map((c) => [c.friendlyName, c.localKeyId])).toEqual([[undefined, undefined], [undefined, undefined]]);
  });

  it('takes the certificate named by --item when two belong to the key, and --name as the friendly name', async () => {
    const items = await itemsOf([fixture(rsa, 'leaf.key'), fixture(rsa, 'leaf.crt'), fixture(rsa, 'leaf-renewed.crt'), fixture('ca', 'inter.crt')]);
    const file = await writeOne('pkcs12', items, { password: 'pw', item: 2, name: 'Zertifikat für IIS' });
    const back = await parseFile({ name: 'x.p12', bytes: file.bytes, passwords: ['pw'] });
    expect(certs(back.items).map((c) => c.sha256)).toEqual([items[2]!.sha256, items[3]!.sha256]);
    expect(back.items.find((i) => i.kind === 'private-key')!.friendlyName).toBe('Zertifikat für IIS');
  });

  it('with a non-ASCII password: OpenSSL verifies the MAC and opens it (BMPString for the MAC, UTF-8 for PBES2)', async () => {
    const pw = 'pässwörd ✓';
    const file = await writeOne('pkcs12', await itemsOf([fixture(p256, 'leaf.key'), fixture(p256, 'leaf.crt')]), { password: pw });
    const p12 = writeTemp(tempDir(), 'x.p12', file.bytes);
    const nodes = tool('openssl', ['pkcs12', '-in', p12, '-nodes', '-passin', `pass:${pw}`], { });
    expect(nodes.status, nodes.stderr).toBe(0);
    expect(pemBlocks(nodes.stdout).map((b) => b.label)).toEqual(['CERTIFICATE', 'PRIVATE KEY']);
  });

  it('without a password: the empty password, as openssl -passout pass: writes it; OpenSSL and our reader open it without asking', async () => {
    const file = await writeOne('pkcs12', await itemsOf([fixture(p256, 'leaf.p12')]), { noPassword: true });
    const p12 = writeTemp(tempDir(), 'x.p12', file.bytes);
    expect(ok('openssl', ['pkcs12', '-info', '-noout', '-in', p12, '-passin', 'pass:'], {})).toBe('');
    const back = await parseFile({ name: 'x.p12', bytes: file.bytes });
    expect(back.items.map((i) => [i.kind, i.encrypted])).toEqual([['certificate', false], ['certificate', false], ['certificate', false], ['private-key', false]]);
  });
});

describe('pem', () => {
  it('writes each distinct item once: chains leaf → root (the key\'s chain first), then keys, requests, CRLs, public keys', async () => {
    const items = await itemsOf([
      fixture('other', 'other.crt'),
      fixture('ca', 'root.crt'),
      fixture(p256, 'leaf.crt'),
      fixture(rsa, 'leaf.key'),
      fixture('ca', 'inter.crt'),
      fixture(rsa, 'leaf.crt'),
      fixture(rsa, 'chain.pem'),
    ]);
    const verdict = await accepts('pem', items, { noPassword: true });
    expect(verdict).toMatchObject({ ok: true, sensitivity: 'private' });
    expect(verdict.ok && verdict.notes.join(' ')).toMatch(/3 items appear twice among the inputs and are written once/);
    const file = await writeOne('pem', items, { noPassword: true });
    const back = await parseFile({ name: 'x.pem', bytes: file.bytes });
    const sha = Object.fromEntries(items.map((i) => [i.sha256, i]));
    const names = back.items.map((i) => (i.kind === 'certificate' ? (sha[i.sha256] as CertificateItem).subject.attributes.find((a) => a.name === 'CN')!.value : i.kind));
    // The RSA leaf's chain first (its key is written), then the other leaves in input order, each
    // up to where it joins a chain already written.
    expect(names).toEqual(['rsa.convert.test', 'Convert Test Intermediate', 'Convert Test Root', 'Unrelated', 'p256.convert.test', 'private-key']);
  });

  it('public items alone make a public file; a password makes the keys ENCRYPTED PRIVATE KEY blocks that open with it', async () => {
    const pub = await writeOne('pem', await itemsOf([fixture(rsa, 'chain.p7b')]));
    expect(pub.sensitivity).toBe('public');
    const enc = await writeOne('pem', await itemsOf([fixture(ed25519, 'leaf.openssh'), fixture(ed25519, 'leaf.crt')]), { password: 'secret' });
    expect(pemBlocks(utf8Decode(enc.bytes)!).map((b) => b.label)).toEqual(['CERTIFICATE', 'ENCRYPTED PRIVATE KEY']);
    const back = await parseFile({ name: 'x.pem', bytes: enc.bytes, passwords: ['secret'] });
    expect(back.items.map((i) => identity(i))).toEqual([`certificate:${ed25519.leafSha256}`, `private-key:${ed25519.spkiSha256}`]);
  });
});

describe('openssh', () => {
  it('an authorized_keys line stays one line whatever the comment holds', async () => {
    const file = await writeOne('openssh', await itemsOf([fixture(p256, 'leaf.crt')]), { name: 'a\nssh-ed25519 AAAA injected\r' });
    const text = utf8Decode(file.bytes)!;
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toMatch(/^ecdsa-sha2-nistp256 \S+ a ssh-ed25519 AAAA injected \n$/);
  });

  it('keeps the comment of an OpenSSH key when no name is given', async () => {
    const items = await itemsOf([fixture(rsa, 'leaf.openssh')]);
    const comment = items[0]!.kind === 'private-key' ? items[0]!.comment ?? '' : '';
    const file = await writeOne('openssh', items, { noPassword: true });
    const back = await parseFile({ name: 'id', bytes: file.bytes });
    expect(back.items[0]).toMatchObject({ kind: 'private-key', encrypted: false });
    expect((back.items[0] as { comment?: string }).comment ?? '').toBe(comment);
  });
});

describe('certificate order', () => {
  it('uses the signature, not the name alone: an impostor with the issuer\'s name is not taken', async () => {
    const items = await itemsOf([fixture(p384, 'leaf.crt'), fixture('ca', 'inter-impostor.crt'), fixture('ca', 'inter.crt'), fixture('ca', 'root.crt')]);
    const order = await orderCertificates(items, [0, 1, 2, 3]);
    expect(order.slice(0, 3)).toEqual([0, 2, 3]);
  });
});

describe('read-back check', () => {
  it('passes what was written and refuses anything else, naming the file', async () => {
    const items = await itemsOf([fixture(rsa, 'chain.pem')]);
    const file = await writeOne('pem', items);
    await expect(checkReadBack(file, items.map((i) => identity(i)), undefined)).resolves.toBeUndefined();
    await expect(checkReadBack(file, items.slice(1).map((i) => identity(i)), undefined)).rejects.toMatchObject({ code: 'readback', message: expect.stringContaining('The out just made does not read back as written') });
    // Private material marked public is caught too.
    const key = await writeOne('pkcs8', await itemsOf([fixture(rsa, 'leaf.key')]), { noPassword: true });
    await expect(checkReadBack({ ...key, sensitivity: 'public' }, [`private-key:${rsa.spkiSha256}`], undefined)).rejects.toMatchObject({ code: 'readback' });
    // A key that does not open with the password it was said to have.
    const enc = await writeOne('pkcs8', await itemsOf([fixture(rsa, 'leaf.key')]), { password: 'right' });
    await expect(checkReadBack(enc, [`private-key:${rsa.spkiSha256}`], 'wrong')).rejects.toMatchObject({ code: 'readback' });
  });
});

describe('sensitivity is decided by the writer', () => {
  it.each([
    { format: 'der' as const, files: () => [fixture(rsa, 'leaf.crt')], opts: {}, want: 'public' },
    { format: 'der' as const, files: () => [fixture(rsa, 'leaf.key')], opts: { noPassword: true }, want: 'private' },
    { format: 'openssh' as const, files: () => [fixture(rsa, 'leaf.crt')], opts: {}, want: 'public' },
    { format: 'openssh' as const, files: () => [fixture(rsa, 'leaf.key')], opts: { noPassword: true }, want: 'private' },
    { format: 'pkcs12' as const, files: () => [fixture(rsa, 'leaf.key'), fixture(rsa, 'leaf.crt')], opts: { noPassword: true }, want: 'private' },
  ])('$format of $want material', async ({ format, files, opts, want }) => {
    const items = await itemsOf(files());
    expect(await accepts(format, items, opts)).toMatchObject({ ok: true, sensitivity: want });
    expect((await writeOne(format, items, opts)).sensitivity).toBe(want);
  });
});

// The fixtures' password and manifest are what the tests above assume.
it('fixture manifest: six algorithms, each with its chain and the formats made for it', () => {
  expect(PW).toBe('test-password');
  expect(SETS.map((s) => s.algorithm)).toEqual(['rsa', 'p256', 'p384', 'p521', 'ed25519', 'ed448']);
  for (const s of SETS) expect(s.chainSha256).toHaveLength(3);
  expect(MANIFEST.other.spkiSha256).toMatch(/^[0-9a-f]{64}$/);
});

describe('bounded work on hostile pools', () => {
  it('orders 20,000 certificates that all share one issuer name without trying every pair', async () => {
    const [leaf, inter] = (await itemsOf([fixture(rsa, 'chain.pem')])) as CertificateItem[];
    // Copies of the leaf and of the intermediate, each a distinct certificate as far as the order knows.
    const pool: Item[] = [];
    for (let i = 0; i < 10_000; i++) {
      pool.push({ ...leaf!, sha256: `leaf${i}` }, { ...inter!, sha256: `inter${i}`, subject: leaf!.issuer });
    }
    const order = await orderCertificates(pool, pool.map((_, i) => i));
    expect(order).toHaveLength(pool.length);
    expect(new Set(order).size).toBe(pool.length);
  });

  it('names at most six items in a refusal, then how many more', async () => {
    const chain = await itemsOf([fixture(rsa, 'chain.pem')]);
    const pool = Array.from({ length: 40 }, (_, i) => ({ ...chain[i % 3]!, sha256: `c${i}` }));
    const verdict = await accepts('der', pool);
    const message = verdict.ok ? '' : verdict.message;
    expect(message).toContain('The inputs hold 40 items: ');
    expect(message.match(/\(item \d+\)/g)).toHaveLength(5);
    expect(message).toContain(' and 35 more; a DER file holds one');
  });
});
