import { describe, expect, it } from 'vitest';
import { dnsMatches, parseIp, validDnsName } from '../../core/chain/names.js';
import { buildChains, verifyChain } from '../../core/chain/index.js';
import { decodeCertificate } from '../../core/chain/decode.js';
import { fixture } from './chain-helpers.js';
import { parseFile } from '../../core/parse.js';
import type { CertificateItem } from '../../core/types.js';
import { timed, within } from '../wall-clock.js';

/** Time on a quiet machine, at least (CPU time measured with PEM_TIMING_REPORT=1, rounded up); bounds are ten times it (test/wall-clock.ts). */
const QUIET_MS = { crossSignHeap: 500 /* measured ~70; the bound stays the 5 s it was */ };

describe('dnsMatches (RFC 6125)', () => {
  const table: [string, string, boolean][] = [
    ['www.example.test', 'www.example.test', true],
    ['www.example.test', 'WWW.EXAMPLE.TEST', true],
    ['www.example.test', 'www.example.test.', true],
    ['*.example.test', 'foo.example.test', true],
    ['*.example.test', 'example.test', false],
    ['*.example.test', 'a.b.example.test', false],
    ['*.example.test', '.example.test', false],
    ['f*o.example.test', 'foo.example.test', false],
    ['*o.example.test', 'foo.example.test', false],
    ['foo.*.example.test', 'foo.bar.example.test', false],
    ['*.com', 'example.com', false],
    ['*.co.uk', 'example.co.uk', false],
    ['*.xn--bcher-kva.test', 'www.xn--bcher-kva.test', true],
    ['www.example.test', 'www.example.tes', false],
  ];
  it.each(table)('%s vs %s → %s', (pattern, host, want) => expect(dnsMatches(pattern, host)).toBe(want));
});

describe('parseIp', () => {
  const table: [string, string | undefined][] = [
    ['10.1.2.3', '0a010203'],
    ['010.1.2.3', undefined],
    ['256.1.2.3', undefined],
    ['::1', '00000000000000000000000000000001'],
    ['2001:db8::1', '20010db8000000000000000000000001'],
    ['2001:0DB8:0:0:0:0:0:1', '20010db8000000000000000000000001'],
    ['::ffff:10.1.2.3', '00000000000000000000ffff0a010203'],
    ['1::2::3', undefined],
    ['www.example.test', undefined],
  ];
  it.each(table)('%s', (text, hex) => {
    const b = parseIp(text);
    expect(b ? Buffer.from(b).toString('hex') : undefined).toBe(hex);
  });
});

describe('validDnsName', () => {
  it.each([
    ['www.example.test', true],
    ['*.example.test', true],
    ['under_score.example.test', false],
    ['-bad.example.test', false],
    ['a..b', false],
  ] as const)('%s', (n, want) => expect(validDnsName(n)).toBe(want));
});

const AT = new Date('2030-01-01T00:00:00Z');

describe('verifyChain on hostile or broken input', () => {
  it('turns an unreadable leaf into a malformed issue', async () => {
    const r = await verifyChain(Uint8Array.of(0x30, 0x82, 0xff, 0xff, 1), { trusted: [], untrusted: [], crls: [], at: AT, purpose: 'server' });
    expect(r.valid).toBe(false);
    expect(r.issues[0]!.code).toBe('malformed');
  });

  it('ignores unreadable extra certificates and still validates', async () => {
    const r = await verifyChain(fixture('leaf'), { trusted: [fixture('root')], untrusted: [Uint8Array.of(1, 2, 3), fixture('inter')], crls: [], at: AT, purpose: 'server' });
    expect(r.valid).toBe(true);
  });

  it('names the closest anchor when the root is missing', async () => {
    const r = await verifyChain(fixture('leaf-under-expired-root'), { trusted: [fixture('other-root')], untrusted: [fixture('leaf-under-expired-root-inter')], crls: [], at: AT, purpose: 'server' });
    expect(r.issues.map((i) => i.code)).toContain('no_trusted_root');
    expect(r.hint).toMatch(/Example Root/);
  });

  it('finishes fast on a heap of many same-name cross-signs', async () => {
    const heap = Array.from({ length: 60 }, (_, i) => (i % 2 ? fixture('loop-x-by-y') : fixture('loop-y')));
    const { ms, r } = await timed(() => verifyChain(fixture('loop-leaf'), { trusted: [fixture('root')], untrusted: heap, crls: [], at: AT, purpose: 'server' }), 'cross-sign heap');
    expect(r.valid).toBe(false);
    expect(ms).toBeLessThan(within(QUIET_MS.crossSignHeap));
  });
});

describe('buildChains', () => {
  it('gives the same answers for items from the shared reader (parseFile)', async () => {
    const names = ['leaf', 'inter', 'leaf-of-not-ca', 'inter-not-ca', 'leaf-nc-dns-out', 'inter-nc-dns', 'leaf-nc-ip-out', 'inter-nc-ip', 'leaf-nc-dir-out', 'inter-nc-dir', 'leaf-pl0', 'inter-pl0', 'inter-below-pl0', 'leaf-sha1'];
    const read = async (n: string) => {
      const r = await parseFile({ name: n, bytes: fixture(n) });
      return r.items[0] as CertificateItem;
    };
    const viaReader = await buildChains(await Promise.all(names.map(read)), [await read('root')], AT);
    const viaDecoder = await buildChains(names.map((n) => decodeCertificate(fixture(n))), [decodeCertificate(fixture('root'))], AT);
    const summary = (rs: typeof viaReader) => rs.map((r) => [r.chain[0]!.sha256, r.valid, r.issues.map((i) => i.code).sort().join(',')]);
    expect(summary(viaReader)).toEqual(summary(viaDecoder));
    expect(viaReader.filter((r) => r.valid).length).toBe(1);
  });

  it('returns one result per leaf of the set', async () => {
    const certs = ['leaf', 'inter', 'leaf-client', 'other-leaf'].map((n) => decodeCertificate(fixture(n)));
    const anchors = [decodeCertificate(fixture('root'))];
    const results = await buildChains(certs, anchors, AT);
    expect(results.map((r) => [r.chain[0]!.subject, r.valid])).toEqual([
      ['CN=www.example.test, O=Example', true],
      ['CN=www.example.test', true],
      ['CN=www.example.test, O=Example', false],
    ]);
    expect(results[0]!.chain.map((l) => l.trusted)).toEqual([false, false, true]);
  });
});
