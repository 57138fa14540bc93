/**
 * The app's chain view (buildChains over items read by parseFile) and `verify` (verifyChain over
 * DER, purpose any) are one engine: over every chain fixture and under both profiles they reach
 * the same verdict with the same issues, findings and rejected alternatives.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildChains, verifyChain } from '../../core/chain/index.js';
import { parseFile } from '../../core/parse.js';
import { PROFILES, type ChainResult } from '../../core/relations.js';
import type { CertificateItem } from '../../core/types.js';
import { CHAINS, loadManifest } from './chain-helpers.js';

const manifest = loadManifest();
const at = new Date(manifest.at);

async function items(dir: URL | string, name: string): Promise<CertificateItem[]> {
  const path = typeof dir === 'string' ? `${dir}out/${name}.pem` : new URL(name, dir);
  const r = await parseFile({ name, bytes: new Uint8Array(readFileSync(path)) });
  return r.items.filter((i): i is CertificateItem => i.kind === 'certificate');
}

const comparable = (r: ChainResult) => ({ profile: r.profile, valid: r.valid, chain: r.chain, issues: r.issues, rejected: r.rejected, hint: r.hint });

/** The leaf is not a leaf of the set buildChains sees when it issued another certificate there. */
function issuedAnother(leaf: CertificateItem, others: CertificateItem[]): boolean {
  return others.some((o) => o.sha256 !== leaf.sha256 && o.issuer.derHex === leaf.subject.derHex && o.issuer.derHex !== o.subject.derHex);
}

describe.each(PROFILES)('buildChains and verify agree on every chain fixture, --profile %s', (profile) => {
  const cases = manifest.cases; // CRLs are verify's alone; both sides run without them.
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const [leaf] = await items(CHAINS, c.leaf);
    const untrusted = (await Promise.all(c.untrusted.map((n) => items(CHAINS, n)))).flat();
    const trusted = (await Promise.all(c.trusted.map((n) => items(CHAINS, n)))).flat();
    const viaVerify = await verifyChain(leaf!.der, { trusted: trusted.map((t) => t.der), untrusted: untrusted.map((u) => u.der), crls: [], at, purpose: 'any', profile });
    const app = await buildChains([leaf!, ...untrusted], trusted, at, { profile });
    const mine = app.find((r) => r.chain[0]?.sha256 === leaf!.sha256);
    if (issuedAnother(leaf!, untrusted)) {
      // The app shows chains from the leaves of what is loaded; this "leaf" issued another one.
      expect(mine).toBeUndefined();
      return;
    }
    expect(mine, 'the app builds a chain for the leaf').toBeDefined();
    expect(comparable(mine!)).toEqual(comparable(viaVerify));
  });
});

describe('a chain whose intermediate does not mark basicConstraints critical (fixtures/extra/casual)', () => {
  const dir = new URL('../fixtures/extra/casual/', import.meta.url);
  const load = async () => Promise.all(['ca.crt', 'int.crt', 'leaf.crt'].map(async (n) => (await items(dir, n))[0]!));
  const when = new Date('2027-01-01T00:00:00Z');

  it('webpki: valid in verify and in the app, the lapse a finding of the intermediate', async () => {
    const [root, int, leaf] = await load();
    const v = await verifyChain(leaf!.der, { trusted: [root!.der], untrusted: [int!.der], crls: [], at: when, purpose: 'any' });
    const [a] = await buildChains([leaf!, int!], [root!], when);
    for (const r of [v, a!]) {
      expect(r.valid).toBe(true);
      expect(r.issues).toEqual([]);
      expect(r.chain[1]!.findings).toContainEqual(expect.objectContaining({ code: 'bc_not_critical', severity: 'warning' }));
    }
  });

  it('rfc5280: invalid in both, the same issue tied to the intermediate', async () => {
    const [root, int, leaf] = await load();
    const v = await verifyChain(leaf!.der, { trusted: [root!.der], untrusted: [int!.der], crls: [], at: when, purpose: 'any', profile: 'rfc5280' });
    const [a] = await buildChains([leaf!, int!], [root!], when, { profile: 'rfc5280' });
    for (const r of [v, a!]) {
      expect(r.valid).toBe(false);
      expect(r.issues.map((i) => [i.code, i.certIndex])).toContainEqual(['profile', 1]);
    }
    expect(a!.issues).toEqual(v.issues);
  });

  it('is invalid in both when a real error is present (evaluated after expiry)', async () => {
    const [root, int, leaf] = await load();
    const [r] = await buildChains([leaf!, int!], [root!], new Date('2031-01-01T00:00:00Z'));
    expect(r!.valid).toBe(false);
    expect(r!.issues.some((i) => i.code === 'expired')).toBe(true);
  });
});

describe('a self-signed certificate beside a test PKI of the same subject (samples/)', () => {
  // samples/self-signed/server.crt and samples/test-pki/server.crt are both CN=localhost, O=PEM
  // Inspector Test: the test PKI's certificate is a candidate issuer by name only. It must stay a
  // rejected alternative, never the chain's failure, in the window's path and in verify's.
  const SAMPLES = new URL('../../samples/', import.meta.url);
  const load = async (p: string) => (await parseFile({ name: p, bytes: new Uint8Array(readFileSync(new URL(p, SAMPLES))) })).items as CertificateItem[];

  it.each(PROFILES)('--profile %s: the chain is the self-signed certificate alone, untrusted, with a hint to trust it', async (profile) => {
    const [self] = await load('self-signed/server.crt');
    const pki = [...(await load('test-pki/server.crt')), ...(await load('test-pki/intermediate.crt'))];
    const [root] = await load('test-pki/ca.crt');
    expect(pki[0]!.subject.text).toBe(self!.subject.text); // the premise: the same name
    const viaVerify = await verifyChain(self!.der, { trusted: [root!.der], untrusted: pki.map((c) => c.der), crls: [], at: new Date(), purpose: 'any', profile });
    const app = (await buildChains([self!, ...pki], [root!], new Date(), { profile })).find((r) => r.chain[0]?.sha256 === self!.sha256)!;
    for (const r of [viaVerify, app]) {
      expect(r.valid).toBe(false);
      expect(r.chain.map((l) => l.sha256)).toEqual([self!.sha256]);
      expect(r.issues.map((i) => i.code)).toEqual(['self_signed_leaf', 'no_trusted_root']);
      expect(r.rejected).toEqual([expect.objectContaining({ sha256: pki[0]!.sha256, code: 'bad_signature', certIndex: 0 })]);
      expect(r.hint).toMatch(/is self-signed: only a client that trusts this very certificate accepts it/);
    }
  });
});
