import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../core/chain/index.js';
import { PROFILES, type Profile } from '../../core/relations.js';
import { CHAINS, fixture, expectedFor, type Case } from './chain-helpers.js';

const manifest = JSON.parse(readFileSync(`${CHAINS}manifest.json`, 'utf8')) as { at: string; cases: Case[] };
const at = new Date(manifest.at);

function run(c: Case, profile: Profile) {
  return verifyChain(fixture(c.leaf), {
    profile,
    trusted: c.trusted.map(fixture),
    untrusted: c.untrusted.map(fixture),
    crls: (c.crls ?? []).map(fixture),
    at,
    purpose: c.purpose ?? 'server',
    ...(c.host ? { host: c.host } : {}),
    ...(c.ip ? { ip: c.ip } : {}),
    ...(c.email ? { email: c.email } : {}),
    ...(c.maxDepth !== undefined ? { maxDepth: c.maxDepth } : {}),
  });
}

describe.each(PROFILES)('verifyChain over the OpenSSL-made fixtures, --profile %s', (profile) => {
  it.each(manifest.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const want = expectedFor(c, profile);
    const r = await run(c, profile);
    expect(r.profile).toBe(profile);
    const codes = r.issues.map((i) => i.code);
    if (want.valid) expect(r.issues).toEqual([]);
    expect(r.valid).toBe(want.valid);
    for (const code of want.codes ?? []) expect(codes).toContain(code);
    const findings = r.chain.flatMap((l) => l.findings.map((f) => f.code));
    for (const code of want.findings ?? []) expect(findings).toContain(code);
    for (const issue of r.issues) expect(issue.message.length).toBeGreaterThan(10);
    if (r.valid) expect(r.chain[r.chain.length - 1]!.trusted).toBe(true);
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
}

// OpenSSL is right about these (structural RFC 5280 rules); it is the independent cross-check.
describe.runIf(hasOpenssl())('openssl verify -x509_strict agrees', () => {
  const cases = manifest.cases.filter((c) => c.openssl);
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const f = (n: string) => `${CHAINS}out/${n}.pem`;
    const args = ['verify', '-x509_strict', '-policy_check', '-attime', String(at.getTime() / 1000), '-purpose', c.purpose === 'any' ? 'any' : 'sslserver'];
    const trusted = [...new Set(c.trusted)];
    const caFile = join(mkdtempSync(join(tmpdir(), 'chain-')), 'ca.pem');
    writeFileSync(caFile, trusted.map((t) => readFileSync(f(t), 'utf8')).join(''));
    args.push('-CAfile', caFile);
    for (const u of c.untrusted) args.push('-untrusted', f(u));
    for (const l of c.crls ?? []) args.push('-CRLfile', f(l));
    if (c.crls?.length) args.push('-crl_check_all');
    if (c.host) args.push('-verify_hostname', c.host);
    if (c.ip) args.push('-verify_ip', c.ip);
    if (c.email) args.push('-verify_email', c.email);
    args.push(f(c.leaf));
    let ok = true;
    try {
      execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch {
      ok = false;
    }
    expect(ok).toBe(c.valid);
  });
});
