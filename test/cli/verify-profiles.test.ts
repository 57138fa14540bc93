/**
 * verify's profiles, findings, rejected alternatives, wrong-order bundles and EKU wording, and
 * the published `docs/verify.schema.json` checked against the JSON of every chain fixture.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyJson } from '../../cli/verify.js';
import { verifyChain } from '../../core/chain/index.js';
import { PROFILES } from '../../core/relations.js';
import { CHAINS, fixture, loadManifest } from '../core/chain-helpers.js';
import { ensureBuilt, ROOT, run, STACK_FRAME } from './helpers.js';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'docs', 'verify.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const manifest = loadManifest();
const pem = (n: string) => `${CHAINS}out/${n}.pem`;
let dir = '';

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'pem-verify-profiles-'));
  // A fullchain.pem written intermediate first: the order real servers get wrong.
  writeFileSync(path.join(dir, 'wrong-order.pem'), readFileSync(pem('inter'), 'utf8') + readFileSync(pem('leaf'), 'utf8'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function checked(json: unknown) {
  const ok = validate(json);
  expect(ok, JSON.stringify(validate.errors)).toBe(true);
  return json as { profile: string; valid: boolean; issues: { code: string; message: string }[]; chain: { findings: { code: string }[] }[]; rejected: { code: string }[]; hints?: string[] };
}

describe.each(PROFILES)('verify --json matches docs/verify.schema.json for every chain fixture, --profile %s', (profile) => {
  it.each(manifest.cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const r = await verifyChain(fixture(c.leaf), { trusted: c.trusted.map(fixture), untrusted: c.untrusted.map(fixture), crls: (c.crls ?? []).map(fixture), at: new Date(manifest.at), purpose: c.purpose ?? 'server', profile, host: c.host, ip: c.ip, email: c.email, maxDepth: c.maxDepth });
    const json = checked(JSON.parse(JSON.stringify(verifyJson(r))));
    expect(json.profile).toBe(profile);
    expect(json.valid).toBe(json.issues.length === 0 && r.valid);
  });
});

describe('the verify command', () => {
  const at = ['--at', manifest.at];

  it('--profile decides whether a rule fails or is a finding (a server leaf without EKU)', () => {
    const web = run(['verify', '--json', pem('leaf-no-eku'), '--trusted', pem('root'), '--untrusted', pem('inter'), ...at]);
    const rfc = run(['verify', '--json', '--profile', 'rfc5280', pem('leaf-no-eku'), '--trusted', pem('root'), '--untrusted', pem('inter'), ...at]);
    expect(web.code).toBe(1);
    expect(rfc.code).toBe(0);
    const w = checked(JSON.parse(web.stdout));
    const r = checked(JSON.parse(rfc.stdout));
    expect(w.issues.map((i) => i.code)).toContain('ext_key_usage');
    expect(r.profile).toBe('rfc5280');
    expect(r.chain[0]!.findings.map((f) => f.code)).toContain('leaf_eku_missing');
    const text = run(['verify', '--profile', 'rfc5280', pem('leaf-no-eku'), '--trusted', pem('root'), '--untrusted', pem('inter'), ...at]);
    expect(text.stdout).toMatch(/Chain \(profile rfc5280\)[\s\S]*Findings \(not part of the verdict\):[\s\S]*leaf_eku_missing[\s\S]*Verdict: OK/);
  });

  it('refuses an unknown profile as a usage error', () => {
    const r = run(['verify', '--profile', 'strict', pem('leaf')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--profile must be webpki or rfc5280/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('says a wrong-order bundle is out of order, names the end-entity and checks the chain from it', () => {
    const r = run(['verify', '--json', path.join(dir, 'wrong-order.pem'), '--trusted', pem('root'), '--host', 'www.example.test', ...at]);
    expect(r.code).toBe(1);
    const j = checked(JSON.parse(r.stdout));
    expect(j.issues.map((i) => i.code)).toEqual(['bundle_order']);
    expect(j.issues[0]!.message).toMatch(/out of order.*end-entity is certificate 2 of the file \(CN=www\.example\.test/);
    const text = run(['verify', path.join(dir, 'wrong-order.pem'), '--trusted', pem('root'), '--host', 'www.example.test', ...at]);
    // Not the old symptoms of checking the intermediate as if it were the server.
    expect(text.stdout).not.toMatch(/hostname_mismatch|CA certificate used as a server/);
    expect(text.stdout).toMatch(/\[0\] CN=www\.example\.test, O=Example → /);
  });

  it('names EKUs in words and suggests --purpose client for a client certificate', () => {
    const r = run(['verify', pem('leaf-client'), '--trusted', pem('root'), '--untrusted', pem('inter'), ...at]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ext_key_usage: .*clientAuth without serverAuth/);
    expect(r.stdout).not.toContain('1.3.6.1.5.5.7.3.2');
    expect(r.stdout).toMatch(/Hint: .*--purpose client/);
    const ok = run(['verify', pem('leaf-client'), '--purpose', 'client', '--trusted', pem('root'), '--untrusted', pem('inter'), ...at]);
    expect(ok.code).toBe(0);
  });

  it('shows a same-named certificate that did not sign as a rejected alternative, not as the chain', () => {
    const r = run(['verify', '--json', pem('leaf-under-expired-root'), '--trusted', pem('root'), '--untrusted', pem('leaf-under-expired-root-inter'), ...at]);
    expect(r.code).toBe(1);
    const j = checked(JSON.parse(r.stdout));
    expect(j.chain).toHaveLength(2);
    expect(j.rejected).toEqual([expect.objectContaining({ certIndex: 1, code: 'bad_signature', trusted: true })]);
  });

  it('an unreadable LEAF gives the error object of the schema', () => {
    const r = run(['verify', '--json', path.join(dir, 'nope.pem')]);
    expect(r.code).toBe(2);
    checked(JSON.parse(r.stdout));
  });
});
