/**
 * Whole files wrapped in base64 (of PEM, DER, PKCS#12, JKS) or UTF-16/UTF-8 with a byte-order
 * mark, made with base64 and iconv from OpenSSL/keytool output: the same items as the file they
 * wrap, a finding saying how, and one level of unwrapping only.
 */
import { describe, expect, it } from 'vitest';
import { toBase64, utf8Encode } from '../../core/bytes.js';
import { parseFile } from '../../core/parse.js';
import { MANIFEST, expectItems, fixtureBytes, read } from '../fixtures/formats/manifest.js';

const WRAPPED = Object.entries(MANIFEST.files).filter(([n]) => n.startsWith('wrapped/'));
const FINDING = { base64: 'wrapped_base64', 'utf-16le': 'wrapped_utf16', 'utf-16be': 'wrapped_utf16' } as const;
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

describe('wrapped files read as what they wrap', () => {
  it('has the fixtures', () => expect(WRAPPED.length).toBe(9));

  it.each(WRAPPED)('%s', async (name, spec) => {
    const r = await read(name, spec.passwords);
    expect(r.errors).toEqual([]);
    expectItems(r, spec);
    for (const item of r.items) {
      const found = item.findings.filter((f) => f.code.startsWith('wrapped_'));
      if (spec.wrapped) {
        expect(found.map((f) => f.code)).toEqual([FINDING[spec.wrapped]]);
        expect(found[0]!.severity).toBe('info');
      } else expect(found).toEqual([]);
    }
  });

  it('the finding says what was inside and how it was laid out', async () => {
    const one = (await read('wrapped/server-chain.pem.b64')).items[0]!.findings.find((f) => f.code === 'wrapped_base64')!;
    expect(one.message).toContain('a PEM file encoded as base64 (base64, one line)');
    const lines = (await read('wrapped/server.key.b64')).items[0]!.findings.find((f) => f.code === 'wrapped_base64')!;
    expect(lines.message).toMatch(/base64, \d+ lines/);
    const der = (await read('wrapped/server.der.b64')).items[0]!.findings.find((f) => f.code === 'wrapped_base64')!;
    expect(der.message).toContain('DER');
    const utf16 = (await read('wrapped/server-chain.utf16le.pem')).items[0]!.findings.find((f) => f.code === 'wrapped_utf16')!;
    expect(utf16.message).toContain('UTF-16LE');
  });

  it('base64url is read too', async () => {
    const plain = toBase64(fixtureBytes('jks/store.jks'));
    expect(plain).toMatch(/[+/]/);
    const b64 = plain.replace(/\+/g, '-').replace(/\//g, '_');
    const r = await parseFile({ name: 'k.txt', bytes: utf8Encode(b64) });
    expect(r.items.map((i) => i.kind).sort()).toEqual(['certificate', 'certificate', 'certificate', 'private-key']);
    expect(r.items[0]!.findings.find((f) => f.code === 'wrapped_base64')!.message).toContain('base64url');
  });
});

describe('unwrapping is bounded: each wrapping once', () => {
  it('base64 of base64 of a PEM file is not unwrapped twice', async () => {
    const twice = toBase64(utf8Encode(toBase64(fixtureBytes('keys/ca.crt'))));
    const r = await parseFile({ name: 'twice.b64', bytes: utf8Encode(twice) });
    expect(r.items).toEqual([]);
    expect(codes(r)).toEqual(['unknown_format']);
  });

  it('UTF-16 text holding base64 of PEM: the charset once, then base64 once', async () => {
    const inner = toBase64(fixtureBytes('keys/ca.crt'));
    const le = new Uint8Array(2 + inner.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < inner.length; i++) le[2 + 2 * i] = inner.charCodeAt(i);
    const r = await parseFile({ name: 'x.txt', bytes: le });
    expect(r.items).toHaveLength(1);
    expect(r.items[0]!.findings.map((f) => f.code).filter((c) => c.startsWith('wrapped_')).sort()).toEqual(['wrapped_base64', 'wrapped_utf16']);
  });

  it('text that is base64 of nothing we read keeps the plain message; bad UTF-16 is a clear error', async () => {
    const r = await parseFile({ name: 'random.txt', bytes: utf8Encode(toBase64(utf8Encode('just some words, nothing more, really'))) });
    expect(codes(r)).toEqual(['unknown_format']);
    expect(r.errors[0]!.message).toContain('no PEM block');
    const odd = await parseFile({ name: 'odd.txt', bytes: Uint8Array.of(0xff, 0xfe, 0x41) });
    expect(codes(odd)).toEqual(['unknown_format']);
    expect(odd.errors[0]!.message).toContain('odd number of bytes');
  });
});
