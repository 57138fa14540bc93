import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fromHex } from '../../core/bytes.js';
import { asn1Tree, TREE_MAX_DEPTH } from '../../core/asn1tree.js';
import { der as w, tlv } from '../../core/der.js';
import type { Asn1Node } from '../../core/types.js';

const FIXTURE = join(__dirname, '..', 'fixtures', 'files', 'certs', 'server-rsa.der');

function* walk(n: Asn1Node): Generator<Asn1Node> {
  yield n;
  for (const c of n.children ?? []) yield* walk(c);
}

describe('asn1Tree', () => {
  test.each([
    { name: 'OID with its name', input: w.oid('1.2.840.113549.1.1.11'), want: { tag: 'OBJECT IDENTIFIER', preview: '1.2.840.113549.1.1.11 (sha256WithRSAEncryption)' } },
    { name: 'small INTEGER as decimal', input: w.int(65537), want: { tag: 'INTEGER', preview: '65537' } },
    { name: 'negative INTEGER', input: fromHex('0201ff'), want: { tag: 'INTEGER', preview: '-1' } },
    { name: 'long INTEGER as hex excerpt', input: w.uint(new Uint8Array(20).fill(0xab)), want: { tag: 'INTEGER', preview: `00 ${'ab '.repeat(15).trim()} … (21 bytes)` } },
    { name: 'UTF8String', input: tlv(0x0c, new TextEncoder().encode('Zürich')), want: { tag: 'UTF8String', preview: 'Zürich' } },
    { name: 'UTCTime', input: tlv(0x17, new TextEncoder().encode('250102030405Z')), want: { tag: 'UTCTime', preview: '2025-01-02T03:04:05Z' } },
    { name: 'BOOLEAN', input: fromHex('0101ff'), want: { tag: 'BOOLEAN', preview: 'TRUE' } },
    { name: 'context tag with text', input: tlv(0x82, new TextEncoder().encode('a.test')), want: { tag: '[2]', tagClass: 'context', preview: 'a.test' } },
  ])('$name', ({ input, want }) => {
    const { root, problem } = asn1Tree(input);
    expect(problem).toBeUndefined();
    expect(root).toMatchObject({ offset: 0, length: input.length - 2, headerLength: 2, ...want });
  });

  test('OCTET STRING holding DER is expanded with absolute offsets', () => {
    const inner = w.seq(w.int(5));
    const { root } = asn1Tree(w.seq(w.octets(inner)));
    const octets = root!.children![0]!;
    expect(octets.children?.[0]).toMatchObject({ tag: 'SEQUENCE', offset: 4 });
    expect(octets.children?.[0]?.children?.[0]).toMatchObject({ tag: 'INTEGER', offset: 6, preview: '5' });
  });

  test('OCTET STRING of plain bytes stays a leaf', () => {
    const { root } = asn1Tree(w.octets(fromHex('0102030405')));
    expect(root?.children).toBeUndefined();
  });

  test('a certificate: every node lies inside the DER, extensions are expanded', () => {
    const der = new Uint8Array(readFileSync(FIXTURE));
    const { root, problem } = asn1Tree(der);
    expect(problem).toBeUndefined();
    const nodes = [...walk(root!)];
    for (const n of nodes) expect(n.offset + n.headerLength + n.length).toBeLessThanOrEqual(der.length);
    expect(nodes.some((n) => n.preview === '2.5.29.17 (subjectAltName)')).toBe(true);
    expect(nodes.some((n) => n.preview === 'www.example.test')).toBe(true);
  });

  test('indefinite lengths (BER) are shown', () => {
    const { root, problem } = asn1Tree(fromHex('3080020101 0000'.replace(' ', '')));
    expect(problem).toBeUndefined();
    expect(root?.children?.[0]).toMatchObject({ tag: 'INTEGER', preview: '1' });
  });

  test('too deep → limit_exceeded', () => {
    let d: Uint8Array = w.null();
    for (let i = 0; i <= TREE_MAX_DEPTH + 1; i++) d = w.seq(d);
    expect(asn1Tree(d).problem?.code).toBe('limit_exceeded');
  });

  test('too many nodes → limit_exceeded', () => {
    const nulls = new Uint8Array(2 * 100_001);
    nulls.fill(0).forEach((_, i) => (nulls[i] = i % 2 ? 0 : 5));
    const big = tlv(0x30, nulls);
    expect(asn1Tree(big).problem?.code).toBe('limit_exceeded');
  });

  test.each([
    { name: 'truncated', input: fromHex('300502') },
    { name: 'empty', input: new Uint8Array(0) },
  ])('invalid DER → der_invalid: $name', ({ input }) => {
    expect(asn1Tree(input).problem?.code).toBe('der_invalid');
  });

  test('trailing bytes are reported with the tree', () => {
    const r = asn1Tree(fromHex('050000'));
    expect(r.root?.tag).toBe('NULL');
    expect(r.problem?.code).toBe('der_invalid');
  });
});
