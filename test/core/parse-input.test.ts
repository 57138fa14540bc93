import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { toBase64 } from '../../core/bytes.js';
import { der as w } from '../../core/der.js';
import { MAX_FILE_BYTES, parseFile, parsePemPart } from '../../core/parse.js';
import type { Item } from '../../core/types.js';

const FILES = join(__dirname, '..', 'fixtures', 'files');
const text = (s: string) => new TextEncoder().encode(s);
const pem = (label: string, der: Uint8Array) => `-----BEGIN ${label}-----\n${toBase64(der).replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;

describe('parseFile: sniffing and limits', () => {
  test.each([
    { name: 'empty file', bytes: new Uint8Array(0), code: 'empty', message: /empty/ },
    { name: 'PNG image', bytes: Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), code: 'unknown_format', message: /PNG image, not a certificate or key/ },
    { name: 'PDF', bytes: text('%PDF-1.7\n...'), code: 'unknown_format', message: /PDF/ },
    { name: 'plain text', bytes: text('hello, this is a note\n'), code: 'unknown_format', message: /no PEM block \(-----BEGIN/ },
    { name: 'random bytes', bytes: Uint8Array.of(0x01, 0xfe, 0x00, 0x99, 0x13), code: 'unknown_format', message: /neither PEM text nor DER/ },
    { name: 'truncated DER', bytes: Uint8Array.of(0x30, 0x82, 0x01, 0x00, 0x02), code: 'der_invalid', message: /not valid DER/ },
    { name: 'valid ASN.1 of no known kind', bytes: w.seq(w.int(1), w.int(2), w.int(3)), code: 'unknown_format', message: /valid ASN.1 but not/ },
    { name: 'unknown PEM label', bytes: text(pem('FOO BAR', w.seq())), code: 'unknown_format', message: /"FOO BAR"/ },
    { name: 'CERTIFICATE label around non-certificate DER', bytes: text(pem('CERTIFICATE', w.seq(w.int(1)))), code: 'der_invalid', message: /CERTIFICATE block does not contain a certificate/ },
  ])('$name → $code', async ({ bytes, code, message }) => {
    const r = await parseFile({ name: 'x', bytes });
    expect(r.items).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual([code]);
    expect(r.errors[0]?.message).toMatch(message);
  });

  test('over 50 MiB → too_large without reading', async () => {
    const r = await parseFile({ name: 'big', bytes: new Uint8Array(MAX_FILE_BYTES + 1) });
    expect(r.errors.map((e) => e.code)).toEqual(['too_large']);
  });

  test('an unknown block does not stop the other blocks; items numbered in file order', async () => {
    const cert = readFileSync(join(FILES, 'certs/server-ec.crt'), 'utf8');
    const crl = readFileSync(join(FILES, 'crl/root-ca.crl.pem'), 'utf8');
    const r = await parseFile({ name: 'mix.pem', bytes: text(`${cert}${pem('WHATEVER', w.seq())}junk\n${crl}${cert}`) });
    expect(r.items.map((i) => [i.kind, i.source.index, i.source.line])).toEqual([
      ['certificate', 0, 1],
      ['crl', 1, expect.any(Number)],
      ['certificate', 2, expect.any(Number)],
    ]);
    expect(r.errors.map((e) => e.code)).toEqual(['unknown_format']);
  });

  test('a UTF-8 BOM before PEM is fine', async () => {
    const cert = readFileSync(join(FILES, 'certs/server-ec.crt'));
    const r = await parseFile({ name: 'bom.crt', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...cert]) });
    expect(r.items.map((i) => i.kind)).toEqual(['certificate']);
  });

  test('never throws on mangled inputs', async () => {
    const der = new Uint8Array(readFileSync(join(FILES, 'certs/server-rsa.der')));
    for (let i = 0; i < der.length; i += 7) {
      const bad = der.slice();
      bad[i] = bad[i]! ^ 0x5a;
      const r = await parseFile({ name: 'm', bytes: bad });
      expect(r.items.length + r.errors.length).toBeGreaterThan(0);
    }
  });
});

describe('parsePemPart with an item callback (the CLI pool renders and drops items as they come)', () => {
  test('hands over the same finished items, in order, and keeps none itself', async () => {
    const read = (rel: string) => readFileSync(join(FILES, rel), 'latin1');
    const mixed = [read('certs/fullchain.pem'), read('keys/' + readdirSync(join(FILES, 'keys')).find((f) => f.endsWith('.pem'))!), '-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n', read('certs/bundle.pem')].join('');
    const now = new Date('2026-06-01T00:00:00Z');
    const whole = await parsePemPart(mixed, 7, ['pass'], { now });
    const seen: Item[] = [];
    const streamed = await parsePemPart(mixed, 7, ['pass'], { now }, (item) => seen.push(item));
    expect(whole.items.length).toBeGreaterThan(4);
    expect(streamed.items).toEqual([]);
    expect(seen).toEqual(whole.items);
    expect(seen.map((i) => i.source.index)).toEqual(whole.items.map((_, i) => i));
    expect(seen.some((i) => i.findings.length > 0)).toBe(true);
    expect({ ...streamed, items: [] }).toEqual({ ...whole, items: [] });
  });
});

describe('authorized_keys lines', () => {
  test('a key line with options before the key type is read as a public key with its comment', async () => {
    const line = readFileSync(join(FILES, 'ssh', readdirSync(join(FILES, 'ssh')).find((f) => f.endsWith('.pub') && readFileSync(join(FILES, 'ssh', f), 'latin1').startsWith('ssh-ed25519 '))!), 'latin1').trim();
    const r = await parseFile({ name: 'authorized_keys', bytes: text(`# keys\nfrom="10.0.0.0/8",no-pty,command="echo hi" ${line}\n`) });
    expect(r.errors).toEqual([]);
    expect(r.items.map((i) => [i.kind, i.kind === 'public-key' ? i.publicKey.algorithm : '', i.kind === 'public-key' ? i.comment : ''])).toEqual([['public-key', 'Ed25519', expect.any(String)]]);
  });
});

describe('OpenSSH public keys beside PEM blocks', () => {
  test('are read too, in file order, instead of being dropped', async () => {
    const sshDir = join(FILES, 'ssh');
    const pub = readdirSync(sshDir).map((f) => readFileSync(join(sshDir, f), 'latin1')).find((t) => t.startsWith('ssh-ed25519 '))!.trim();
    const ssh2 = readdirSync(sshDir).map((f) => readFileSync(join(sshDir, f), 'latin1')).find((t) => t.startsWith('---- BEGIN SSH2 PUBLIC KEY ----'));
    const cert = readFileSync(join(FILES, 'certs', 'fullchain.pem'), 'latin1');
    const body = `# keys and certificates\n${pub}\n${cert}${ssh2 ?? ''}no key here: ssh-rsa is a word\n`;
    const r = await parseFile({ name: 'mixed.pem', bytes: text(body) });
    expect(r.errors).toEqual([]);
    const want = ['openssh', 'pem', 'pem', ...(ssh2 ? ['ssh2'] : [])];
    expect(r.items.map((i) => (i.kind === 'public-key' ? i.format : i.encoding))).toEqual(want);
    expect(r.items.map((i) => i.source.index)).toEqual(want.map((_, k) => k));
    const lines = r.items.map((i) => i.source.line!);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });
});
