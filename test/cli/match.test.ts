/** `match`: exit 0 for a pair, 1 for a non-pair, 2 when a side cannot be read or is locked. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, fixture, loadManifest, run, STACK_FRAME } from './helpers.js';

beforeAll(() => ensureBuilt());

const PW = loadManifest()?.password ?? 'test-password';

describe('match exit codes', () => {
  const table: { name: string; args: string[]; code: number; stdout?: RegExp; stderr?: RegExp }[] = [
    { name: 'certificate and its key', args: ['certs/server-ec.crt', 'keys/server-ec.key'], code: 0, stdout: /^match: the private key in .*server-ec\.key belongs to the certificate in .*server-ec\.crt \(.*CN=ec\.example\.test.*\); proven by signing and verifying a challenge\n$/ },
    { name: 'RSA certificate (DER) and its key', args: ['certs/server-rsa.der', 'keys/server-rsa.key'], code: 0, stdout: /^match:/ },
    { name: 'Ed25519 certificate and its key', args: ['certs/server-ed25519.crt', 'keys/server-ed25519.key'], code: 0, stdout: /^match:/ },
    { name: 'CSR and its key', args: ['csr/server-ec.csr', 'keys/server-ec.key'], code: 0, stdout: /certificate request/ },
    { name: 'OpenSSH public and private key', args: ['ssh/id_ed25519.pub', 'ssh/id_ed25519'], code: 0, stdout: /^match:/ },
    { name: 'bundle: the leaf is found even when not first', args: ['variants/fullchain-out-of-order.pem', 'keys/server-rsa.key'], code: 0, stdout: /^match:/ },
    { name: 'combined file as private side', args: ['certs/server-ec.crt', 'variants/server-ec-combined.pem'], code: 0, stdout: /^match:/ },
    { name: 'PKCS#12 with password', args: ['--password', PW, 'certs/server-rsa.crt', 'pkcs12/server-rsa.p12'], code: 0, stdout: /^match:/ },
    { name: 'encrypted key with password', args: ['--password', PW, 'certs/server-rsa.crt', 'encrypted/server-rsa-encrypted.key'], code: 0, stdout: /^match:/ },
    { name: 'same curve, other key', args: ['certs/server-ec.crt', 'keys/other.key'], code: 1, stdout: /^no match:/ },
    { name: 'different algorithm', args: ['certs/server-rsa.crt', 'keys/server-ec.key'], code: 1, stdout: /^no match:/ },
    { name: 'missing public file', args: ['nope.crt', 'keys/server-ec.key'], code: 2, stderr: /unreadable: .*nope\.crt does not exist/ },
    { name: 'missing private file', args: ['certs/server-ec.crt', 'nope.key'], code: 2, stderr: /unreadable/ },
    { name: 'private side has no private key', args: ['certs/server-ec.crt', 'certs/server-ec.crt'], code: 2, stderr: /holds no private key/ },
    { name: 'broken private file', args: ['certs/server-ec.crt', 'broken/bad-base64.crt'], code: 2, stderr: /base64_invalid/ },
    { name: 'locked key without password', args: ['certs/server-rsa.crt', 'encrypted/server-rsa-encrypted.key'], code: 2, stderr: /password required/ },
    { name: 'locked PKCS#12 without password', args: ['certs/server-rsa.crt', 'pkcs12/server-rsa.p12'], code: 2, stderr: /password required/ },
    { name: 'wrong password', args: ['--password', 'wrong', 'certs/server-rsa.crt', 'encrypted/server-rsa-encrypted.key'], code: 2, stderr: /password_wrong/ },
  ];
  it.each(table)('$name', ({ args, code, stdout, stderr }) => {
    const files = args.map((a, i) => (a.includes('/') && args[i - 1] !== '--password' ? fixture(a) : a));
    const r = run(['match', ...files]);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.code).toBe(code);
    if (stdout) expect(r.stdout).toMatch(stdout);
    if (stderr) expect(r.stderr).toMatch(stderr);
    if (code === 2) expect(r.stdout).toBe('');
  });
});

describe('match --json', () => {
  it('reports the matching pair with its proof', () => {
    const r = run(['match', '--json', fixture('variants/fullchain-out-of-order.pem'), fixture('keys/server-rsa.key')]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      match: true,
      verdict: 'match',
      public: { path: fixture('variants/fullchain-out-of-order.pem'), index: 1, kind: 'certificate' },
      private: { path: fixture('keys/server-rsa.key'), index: 0 },
      proof: { signed: true, verified: true },
    });
    expect(out.message).toMatch(/^match:/);
  });

  it('reports a non-pair with its verdict', () => {
    const r = run(['match', '--json', fixture('certs/server-ec.crt'), fixture('keys/other.key')]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ match: false, verdict: 'different_key' });
  });

  it('reports an unreadable file as an error object, exit 2', () => {
    const r = run(['match', '--json', fixture('certs/server-ec.crt'), fixture('nope.key')]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ match: false, error: { code: 'unreadable' } });
  });
});
