/** `verify` over a tiny chain made here with OpenSSL: root → intermediate → leaf. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, run, STACK_FRAME } from './helpers.js';

let dir = '';
const f = (name: string) => path.join(dir, name);

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, OPENSSL_CONF: f('openssl.cnf') } });
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'pem-cli-verify-'));
  writeFileSync(f('openssl.cnf'), '[req]\ndistinguished_name = dn\n[dn]\n');
  writeFileSync(
    f('ext.cnf'),
    [
      '[ca]',
      'basicConstraints = critical, CA:true',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      '[leaf]',
      'basicConstraints = critical, CA:false',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = DNS:www.example.test, IP:192.0.2.10',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
    ].join('\n') + '\n',
  );
  for (const k of ['root', 'int', 'leaf']) openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${k}.key`);
  openssl('req', '-new', '-x509', '-key', 'root.key', '-subj', '/CN=CLI Test Root', '-days', '3650', '-sha256', '-extensions', 'ca', '-config', 'ext.cnf', '-out', 'root.crt');
  openssl('req', '-new', '-key', 'int.key', '-subj', '/CN=CLI Test Intermediate', '-out', 'int.csr');
  openssl('x509', '-req', '-in', 'int.csr', '-CA', 'root.crt', '-CAkey', 'root.key', '-set_serial', '2', '-days', '3000', '-sha256', '-extfile', 'ext.cnf', '-extensions', 'ca', '-out', 'int.crt');
  openssl('req', '-new', '-key', 'leaf.key', '-subj', '/CN=www.example.test', '-out', 'leaf.csr');
  openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'int.crt', '-CAkey', 'int.key', '-set_serial', '3', '-days', '365', '-sha256', '-extfile', 'ext.cnf', '-extensions', 'leaf', '-out', 'leaf.crt');
  writeFileSync(f('fullchain.pem'), readFileSync(f('leaf.crt'), 'utf8') + readFileSync(f('int.crt'), 'utf8'));
  writeFileSync(f('not-a-cert.pem'), 'hello\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('verify exit codes', () => {
  const table: { name: string; args: () => string[]; code: number; stdout?: RegExp; stderr?: RegExp }[] = [
    { name: 'valid chain via --untrusted', args: () => [f('leaf.crt'), '--untrusted', f('int.crt'), '--trusted', f('root.crt')], code: 0, stdout: /Verdict: OK/ },
    { name: 'fullchain.pem as LEAF', args: () => [f('fullchain.pem'), '--trusted', f('root.crt')], code: 0, stdout: /\[trusted\]/ },
    { name: 'matching host', args: () => [f('fullchain.pem'), '--trusted', f('root.crt'), '--host', 'www.example.test'], code: 0 },
    { name: 'IP literal given as --host', args: () => [f('fullchain.pem'), '--trusted', f('root.crt'), '--host', '192.0.2.10'], code: 0 },
    { name: 'other host', args: () => [f('fullchain.pem'), '--trusted', f('root.crt'), '--host', 'evil.example.test'], code: 1, stdout: /✗ \[0\] hostname_mismatch: / },
    { name: 'other IP', args: () => [f('fullchain.pem'), '--trusted', f('root.crt'), '--ip', '192.0.2.11'], code: 1, stdout: /ip_mismatch/ },
    { name: 'expired at a later time', args: () => [f('fullchain.pem'), '--trusted', f('root.crt'), '--at', '2099-01-01'], code: 1, stdout: /✗ \[0\] expired: / },
    { name: 'client purpose on a server certificate', args: () => [f('fullchain.pem'), '--trusted', f('root.crt'), '--purpose', 'client'], code: 1, stdout: /ext_key_usage/ },
    { name: 'missing intermediate', args: () => [f('leaf.crt'), '--trusted', f('root.crt')], code: 1, stdout: /Verdict: INVALID/ },
    { name: 'private root against system roots', args: () => [f('fullchain.pem')], code: 1, stdout: /no_trusted_root[\s\S]*Verdict: INVALID/ },
    { name: 'missing LEAF file', args: () => [f('nope.crt')], code: 2, stderr: /unreadable: .*nope\.crt does not exist/ },
    { name: 'LEAF without certificate', args: () => [f('leaf.key')], code: 2, stderr: /holds no certificate/ },
    { name: 'LEAF that is not a certificate file', args: () => [f('not-a-cert.pem')], code: 2, stderr: /unknown_format|LEAF/ },
    { name: 'missing --trusted file', args: () => [f('leaf.crt'), '--trusted', f('nope-root.crt')], code: 2, stderr: /unreadable/ },
    { name: '--crl file without a CRL', args: () => [f('fullchain.pem'), '--trusted', f('root.crt'), '--crl', f('root.crt')], code: 2, stderr: /holds no CRL/ },
  ];
  it.each(table)('$name', ({ args, code, stdout, stderr }) => {
    const r = run(['verify', ...args()]);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.code, r.stdout + r.stderr).toBe(code);
    if (stdout) expect(r.stdout).toMatch(stdout);
    if (stderr) expect(r.stderr).toMatch(stderr);
  });
});

describe('verify output', () => {
  it('prints the chain subject → issuer, leaf first, anchor marked', () => {
    const r = run(['verify', f('fullchain.pem'), '--trusted', f('root.crt')]);
    const lines = r.stdout.split('\n').filter((l) => l.includes('→'));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/CN=www\.example\.test → CN=CLI Test Intermediate .*ok/);
    expect(lines[1]).toMatch(/CN=CLI Test Intermediate → CN=CLI Test Root/);
    expect(lines[2]).toMatch(/CN=CLI Test Root → CN=CLI Test Root .*\[trusted\]/);
    expect(lines.slice(0, 2).join('')).not.toContain('[trusted]');
  });

  it('--json gives valid, chain, issues', () => {
    const ok = run(['verify', '--json', f('fullchain.pem'), '--trusted', f('root.crt')]);
    expect(ok.code).toBe(0);
    const good = JSON.parse(ok.stdout);
    expect(good).toMatchObject({ valid: true, issues: [] });
    expect(good.chain).toHaveLength(3);
    expect(good.chain[2]).toMatchObject({ trusted: true, status: 'ok' });
    expect(good.chain[0].sha256).toMatch(/^[0-9a-f]{64}$/);

    const bad = run(['verify', '--json', f('fullchain.pem'), '--trusted', f('root.crt'), '--at', '2099-01-01T00:00:00Z', '--host', 'evil.example.test']);
    expect(bad.code).toBe(1);
    const out = JSON.parse(bad.stdout);
    expect(out.valid).toBe(false);
    const codes = out.issues.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['expired', 'hostname_mismatch']));
    for (const i of out.issues) expect(i).toMatchObject({ certIndex: expect.any(Number), message: expect.any(String) });
  });

  it('--at before the leaf was issued is not_yet_valid', () => {
    const r = run(['verify', '--json', f('fullchain.pem'), '--trusted', f('root.crt'), '--at', '2001-01-01']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).issues.map((i: { code: string }) => i.code)).toContain('not_yet_valid');
  });
});
