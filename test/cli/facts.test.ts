/**
 * Issue 11 through the built CLI: negative serials printed as OpenSSL prints them, `match` on
 * explicit-parameter EC keys (a pair; "cannot compare" exits 2, never 1), `inspect` and `match`
 * agreeing on a file and several passwords, trailing bytes as a finding.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, run } from './helpers.js';

const facts = (p: string) => path.join(ROOT, 'test', 'fixtures', 'facts', p);
ensureBuilt();

describe('CLI facts (issue 11)', () => {
  it('inspect shows a negative serial with its sign, a sign byte without one', () => {
    const neg = run(['inspect', facts('serial/negative.crt')]);
    expect(neg.stdout).toMatch(/Serial:\s+-30:39\n/);
    expect(neg.stdout).toContain('serial_negative');
    const pos = run(['inspect', facts('serial/sign-byte.crt')]);
    expect(pos.stdout).toMatch(/Serial:\s+d5:80:93:31:7b:3c:0f:3f\n/);
    expect(pos.stdout).not.toContain('serial_negative');
    const json = JSON.parse(run(['inspect', '--json', facts('serial/negative-long.crt')]).stdout);
    expect(json.files[0].items[0].serial).toBe('-8123456789abcdef0123');
  });

  it('match: an explicit-parameter EC certificate and its key are a pair (exit 0)', () => {
    const r = run(['match', facts('ec-explicit/p256-explicit.crt'), facts('ec-explicit/p256-explicit.key')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^match: .*proven by signing/);
  });

  it('match: another key is "no match" (exit 1); a curve we cannot check is "cannot compare" (exit 2)', () => {
    const other = run(['match', facts('ec-explicit/p256-explicit.crt'), facts('ec-explicit/other-explicit.key')]);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/^no match: /);
    const unnamed = run(['match', '--json', facts('ec-explicit/unnamed-curve.pub.pem'), facts('ec-explicit/unnamed-curve.key')]);
    expect(unnamed.code).toBe(2);
    const j = JSON.parse(unnamed.stdout);
    expect(j).toMatchObject({ match: false, verdict: 'not_comparable' });
    expect(j.message).toMatch(/^cannot compare: /);
    expect(j.message).not.toMatch(/encrypted|does not belong/);
  });

  it('inspect and match agree on a 16-round OpenSSH key with the right password fourth', () => {
    const pw = ['--password', 'wrong-1', '--password', 'wrong-2', '--password', 'wrong-3', '--password', 'right'];
    const ins = JSON.parse(run(['inspect', '--json', ...pw, facts('passwords/id_ed25519_16')]).stdout);
    expect(ins.files[0].errors).toEqual([]);
    expect(ins.files[0].items[0]).toMatchObject({ kind: 'private-key', encrypted: false });
    const m = run(['match', ...pw, facts('passwords/pbkdf2-600k.crt'), facts('passwords/pbkdf2-600k.key')]);
    expect(m.code).toBe(0);
    const ins2 = JSON.parse(run(['inspect', '--json', ...pw, facts('passwords/pbkdf2-600k.key')]).stdout);
    expect(ins2.files[0].items[0]).toMatchObject({ kind: 'private-key', encrypted: false, spkiSha256: JSON.parse(run(['inspect', '--json', facts('passwords/pbkdf2-600k.crt')]).stdout).files[0].items[0].spkiSha256 });
  }, 60_000);

  it('inspect reads a certificate with trailing bytes (exit 0) and says so', () => {
    const r = run(['inspect', facts('trailing/text-after.der')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('trailing_bytes');
  });
});
