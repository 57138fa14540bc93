/**
 * Rules taken from the x509-limbo suite (C2SP/x509-limbo): the profile cases made by
 * make-profiles.py (one per rule that separates --profile webpki and rfc5280, each checked
 * under both, and the app's path checked to agree), and what the fixtures cannot express on
 * their own: wildcard SANs under name constraints, duplicate CRL serials, a CRL too malformed
 * to count, and second-granularity validity times.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildChains, verifyChain } from '../../core/chain/index.js';
import { parseFile } from '../../core/parse.js';
import { PROFILES } from '../../core/relations.js';
import { checkRevocation } from '../../core/chain/crl.js';
import { decodeCertificate, decodeCrl } from '../../core/chain/decode.js';
import { checkNameConstraints } from '../../core/chain/names.js';
import type { CertificateItem, GeneralName } from '../../core/types.js';
import { CHAINS, expectedFor, fixture, fixtureIn, loadManifest } from './chain-helpers.js';

const profiles = loadManifest('profiles/');

describe.each(PROFILES)('limbo-style profile cases (make-profiles.py), --profile %s', (profile) => {
  const f = (n: string) => fixtureIn('profiles', n);
  it.each(profiles.cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const want = expectedFor(c, profile);
    const r = await verifyChain(f(c.leaf), { trusted: c.trusted.map(f), untrusted: c.untrusted.map(f), crls: [], at: new Date(profiles.at), purpose: c.purpose ?? 'server', profile, ...(c.host ? { host: c.host } : {}) });
    expect(r.valid, JSON.stringify(r.issues)).toBe(want.valid);
    if (want.valid) expect(r.issues).toEqual([]);
    for (const code of want.codes ?? []) expect(r.issues.map((i) => i.code)).toContain(code);
    const findings = r.chain.flatMap((l) => l.findings.map((x) => x.code));
    for (const code of want.findings ?? []) expect(findings).toContain(code);
  });

  it.each(profiles.cases.map((c) => [c.name, c] as const))('the app agrees: %s', async (_n, c) => {
    const read = async (n: string) => {
      const r = await parseFile({ name: n, bytes: new Uint8Array(readFileSync(`${CHAINS}profiles/${n}.pem`)) });
      return r.items[0] as import('../../core/types.js').CertificateItem;
    };
    const leaf = await read(c.leaf);
    const untrusted = await Promise.all(c.untrusted.map(read));
    const trusted = await Promise.all(c.trusted.map(read));
    const [app] = await buildChains([leaf, ...untrusted], trusted, new Date(profiles.at), { profile });
    const v = await verifyChain(leaf.der, { trusted: trusted.map((t) => t.der), untrusted: untrusted.map((u) => u.der), crls: [], at: new Date(profiles.at), purpose: 'any', profile });
    expect(app!.chain[0]!.sha256).toBe(leaf.sha256);
    expect({ valid: app!.valid, issues: app!.issues, chain: app!.chain }).toEqual({ valid: v.valid, issues: v.issues, chain: v.chain });
  });
});

describe('the one extension decoder reads what verify calls malformed, with a note', () => {
  it.each([['leaf-bc-explicit-false', '2.5.29.19'], ['leaf-san-empty', '2.5.29.17'], ['leaf-policy-repeated', '2.5.29.32'], ['leaf-eku-empty', '2.5.29.37'], ['leaf-ku-empty', '2.5.29.15'], ['inter-nc-maximum', '2.5.29.30']])('%s', async (n, oid) => {
    const r = await parseFile({ name: n, bytes: new Uint8Array(readFileSync(`${CHAINS}profiles/${n}.pem`)) });
    const e = (r.items[0] as import('../../core/types.js').CertificateItem).extensions.find((x) => x.oid === oid)!;
    expect(e.status).toBe('decoded');
    expect(e.notes?.length).toBeGreaterThan(0);
  });
});

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
