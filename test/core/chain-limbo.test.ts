/**
 * Rules taken from the x509-limbo suite (C2SP/x509-limbo) that the OpenSSL fixtures cannot
 * express on their own: wildcard SANs under name constraints, duplicate CRL serials, a CRL too
 * malformed to count, and second-granularity validity times.
 */
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../core/chain/index.js';
import { checkRevocation } from '../../core/chain/crl.js';
import { decodeCertificate, decodeCrl } from '../../core/chain/decode.js';
import { checkNameConstraints } from '../../core/chain/names.js';
import type { CertificateItem, GeneralName } from '../../core/types.js';
import { fixture } from './chain-helpers.js';

const dns = (value: string): GeneralName => ({ type: 'dns', value });

/** The main fixture leaf with its SAN list replaced: only the names matter to the constraint check. */
function leafWithDns(...names: string[]): CertificateItem {
  const leaf = decodeCertificate(fixture('leaf-nc-ip-ok'));
  return {
    ...leaf,
    subject: { ...leaf.subject, attributes: [] },
    extensions: [{ oid: '2.5.29.17', name: 'subjectAltName', critical: false, lines: [], rawHex: '', status: 'decoded', data: { type: 'subjectAltName', names: names.map(dns) } }],
  };
}

describe('DNS name constraints against wildcard SANs (cve::cve-2025-61727)', () => {
  const table: { name: string; permitted: string[]; excluded: string[]; san: string; ok: boolean }[] = [
    { name: 'wildcard could stand for an excluded sibling', permitted: ['example.com'], excluded: ['bar.example.com'], san: '*.example.com', ok: false },
    { name: 'wildcard wider than the only permitted host', permitted: ['foo.example.com'], excluded: [], san: '*.example.com', ok: false },
    { name: 'wildcard inside the permitted subtree', permitted: ['example.com'], excluded: [], san: '*.example.com', ok: true },
    { name: 'excluded subtree two labels down is out of the wildcard reach', permitted: [], excluded: ['a.b.example.com'], san: '*.example.com', ok: true },
    { name: 'excluded parent covers the wildcard', permitted: [], excluded: ['example.com'], san: '*.example.com', ok: false },
    { name: 'plain name beside the excluded sibling', permitted: ['example.com'], excluded: ['bar.example.com'], san: 'foo.example.com', ok: true },
    { name: 'a wildcard constraint is malformed', permitted: ['*.example.com'], excluded: [], san: 'foo.example.com', ok: false },
  ];
  it.each(table.map((t) => [t.name, t] as const))('%s', (_n, t) => {
    const problems = checkNameConstraints({ permitted: t.permitted.map(dns), excluded: t.excluded.map(dns) }, leafWithDns(t.san), true, { left: 1000 });
    expect(problems.length === 0).toBe(t.ok);
  });
});

describe('CRLs', () => {
  const path = () => [
    { cert: decodeCertificate(fixture('leaf')), trusted: false },
    { cert: decodeCertificate(fixture('inter')), trusted: false },
    { cert: decodeCertificate(fixture('root')), trusted: true },
  ];
  const at = new Date('2030-01-01T00:00:00Z');

  it('rejects a CRL that lists one serial twice (crl::crl-duplicate-revoked-serial)', async () => {
    const clean = decodeCrl(fixture('crl-inter-clean'));
    const twice = { ...clean, revoked: [{ serial: '0abc', date: '2026-01-01T00:00:00Z' }, { serial: '0abc', date: '2026-01-02T00:00:00Z' }] };
    const bad = await checkRevocation(path(), [twice, decodeCrl(fixture('crl-root'))], at);
    expect(bad.map((i) => i.code)).toEqual(['crl_invalid']);
    expect(bad[0]!.message).toMatch(/more than once/);
    // Control: the same item with the serial listed once is an acceptable CRL.
    const once = await checkRevocation(path(), [{ ...twice, revoked: twice.revoked.slice(0, 1) }, decodeCrl(fixture('crl-root'))], at);
    expect(once).toEqual([]);
  });

  it('ignores a malformed CRL and says so (crl::crl-invalid-version)', async () => {
    const r = await verifyChain(fixture('leaf'), { trusted: [fixture('root')], untrusted: [fixture('inter')], crls: [fixture('crl-inter-bad-version')], at, purpose: 'server', host: 'www.example.test' });
    expect(r.valid).toBe(true);
    expect(r.notes?.[0]).toMatch(/ignored because it is malformed.*version 3/);
  });

  it('refuses to read a CRL with the version field set to 3', () => {
    expect(() => decodeCrl(fixture('crl-inter-bad-version'))).toThrow(/version 3/);
  });
});

describe('validity at one-second granularity (rfc5280::validity::notafter-fractional)', () => {
  // leaf-expired: notAfter 2029-01-01T00:00:00Z.
  const table: [string, boolean][] = [
    ['2029-01-01T00:00:00.000Z', true],
    ['2029-01-01T00:00:00.005Z', true],
    ['2029-01-01T00:00:00.999Z', true],
    ['2029-01-01T00:00:01.000Z', false],
  ];
  it.each(table)('at %s → valid %s', async (when, valid) => {
    const r = await verifyChain(fixture('leaf-expired'), { trusted: [fixture('root')], untrusted: [fixture('inter')], crls: [], at: new Date(when), purpose: 'server', host: 'www.example.test' });
    expect(r.valid).toBe(valid);
  });
});
