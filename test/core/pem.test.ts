import { describe, expect, test } from 'vitest';
import { toBase64 } from '../../core/bytes.js';
import { splitPem } from '../../core/pem.js';

const der = Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x05]);
const b64 = toBase64(der); // MAMCAQU=
const block = (label: string, body = b64) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

interface Case {
  name: string;
  input: string;
  want: { labels: string[]; lines?: number[]; problems?: string[]; headers?: Record<string, string>[] };
}

const cases: Case[] = [
  { name: 'one block', input: block('CERTIFICATE'), want: { labels: ['CERTIFICATE'], lines: [1] } },
  { name: 'CRLF line ends', input: block('CERTIFICATE').replace(/\n/g, '\r\n'), want: { labels: ['CERTIFICATE'] } },
  { name: 'indented lines', input: block('CERTIFICATE').replace(/^/gm, '    '), want: { labels: ['CERTIFICATE'] } },
  { name: 'no final newline', input: block('CERTIFICATE').trimEnd(), want: { labels: ['CERTIFICATE'] } },
  {
    name: 'text around and between blocks',
    input: `Bag Attributes\n    localKeyID: 01\nsubject=CN = x\n${block('CERTIFICATE')}# a comment\nCertificate:\n    Data: ...\n${block('PRIVATE KEY')}trailing`,
    want: { labels: ['CERTIFICATE', 'PRIVATE KEY'], lines: [4, 10] },
  },
  {
    name: 'base64 wrapped at 64 and 76 columns alike',
    input: `-----BEGIN X-----\n${b64.slice(0, 4)}\n${b64.slice(4)}\n-----END X-----`,
    want: { labels: ['X'] },
  },
  {
    name: 'RFC 1421 headers',
    input: block('RSA PRIVATE KEY', `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n${b64}`),
    want: { labels: ['RSA PRIVATE KEY'], headers: [{ 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-128-CBC,00112233445566778899AABBCCDDEEFF' }] },
  },
  {
    name: 'mismatched armour, later block still read',
    input: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END PRIVATE KEY-----\n${block('CERTIFICATE')}`,
    want: { labels: ['CERTIFICATE'], lines: [4], problems: ['pem_armor_mismatch'] },
  },
  {
    name: 'truncated: BEGIN without END',
    input: `-----BEGIN CERTIFICATE-----\n${b64}\n`,
    want: { labels: [], problems: ['pem_armor_mismatch'] },
  },
  {
    name: 'BEGIN followed by another BEGIN',
    input: `-----BEGIN CERTIFICATE-----\n${b64}\n${block('CERTIFICATE')}`,
    want: { labels: ['CERTIFICATE'], lines: [3], problems: ['pem_armor_mismatch'] },
  },
  { name: 'invalid base64', input: block('CERTIFICATE', 'MAMC*QU='), want: { labels: [], problems: ['base64_invalid'] } },
  { name: 'data after padding', input: block('CERTIFICATE', 'MA==MAMC'), want: { labels: [], problems: ['base64_invalid'] } },
  { name: 'empty block', input: block('CERTIFICATE', ''), want: { labels: [], problems: ['base64_invalid'] } },
  { name: 'no blocks at all', input: 'hello\nworld\n', want: { labels: [] } },
];

describe('splitPem', () => {
  test.each(cases)('$name', ({ input, want }) => {
    const { blocks, problems } = splitPem(input);
    expect(blocks.map((b) => b.label)).toEqual(want.labels);
    expect(problems.map((p) => p.code)).toEqual(want.problems ?? []);
    for (const b of blocks) expect(b.der).toEqual(der);
    if (want.lines) expect(blocks.map((b) => b.line)).toEqual(want.lines);
    if (want.headers) expect(blocks.map((b) => b.headers)).toEqual(want.headers);
    else for (const b of blocks) expect(b.headers).toEqual({});
  });

  test('the truncation message says the END line is missing', () => {
    const { problems } = splitPem(`-----BEGIN CERTIFICATE-----\n${b64}`);
    expect(problems[0]?.message).toMatch(/no END line/);
    expect(problems[0]?.message).toMatch(/truncated/);
  });

  test('block text is the block alone, without surrounding text or indentation', () => {
    const { blocks } = splitPem(`before\n  ${block('CERTIFICATE').replace(/\n(?=.)/g, '\n  ')}after`);
    expect(blocks[0]?.text).toBe(block('CERTIFICATE'));
  });
});
