#!/usr/bin/env node
// Regenerates samples/ with the built CLI (`npm run samples` builds it first), plus OpenSSL for
// what our generator deliberately does not write: DER and traditional copies of the same keys,
// and a PKCS#12. Without OpenSSL those files are skipped and the script says so.
// samples/README.md is written by hand and kept.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli', 'pem-inspector.js');
const samples = path.join(root, 'samples');
const PASSWORD = 'sample-password';
const FOLDERS = ['test-pki', 'self-signed', 'keys', 'csr', 'wrong'];

if (!existsSync(cli)) {
  console.error(`${path.relative(root, cli)} is missing: run 'npm run samples' (it builds the CLI first).`);
  process.exit(1);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: samples, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed:\n${r.stderr || r.error?.message || ''}`);
    process.exit(1);
  }
  return r.stdout;
}
const generate = (...args) => run(process.execPath, [cli, 'generate', ...args, '--force']);
const haveOpenssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;
const openssl = (...args) => run('openssl', args);
const at = (...p) => path.join(samples, ...p);

for (const f of FOLDERS) rmSync(at(f), { recursive: true, force: true });
mkdirSync(at('wrong'));

// A whole test PKI, EC P-256 (the default).
generate('test-pki', '--host', 'localhost', '--host', '127.0.0.1', '--host', '::1', '--out', at('test-pki'));
generate('self-signed', '--host', 'localhost', '--out', at('self-signed'));
generate('csr', '--host', 'www.example.test', '--cn', 'www.example.test', '--out', at('csr'));

// Keys of each algorithm; OpenSSL adds other encodings of the same keys below.
const KEYS = [
  ['rsa-2048', '--algorithm', 'rsa', '--bits', '2048'],
  ['ec-p256', '--algorithm', 'ec', '--curve', 'P-256'],
  ['ec-p384', '--algorithm', 'ec', '--curve', 'P-384'],
  ['ed25519', '--algorithm', 'ed25519'],
];
for (const [name, ...args] of KEYS) generate('keypair', ...args, '--name', name, '--out', at('keys'));
generate('keypair', '--algorithm', 'ec', '--password', PASSWORD, '--name', 'encrypted', '--out', at('keys'));

// Deliberately wrong ones.
const scratch = mkdtempSync(path.join(tmpdir(), 'pem-samples-'));
generate('keypair', '--name', 'lonely', '--out', scratch);
copyFileSync(path.join(scratch, 'lonely.key'), at('wrong', 'lonely.key'));
chmodSync(at('wrong', 'lonely.key'), 0o600);
generate('self-signed', '--host', 'expired.example.test', '--not-before', '2020-01-01T00:00:00Z', '--days', '90', '--out', scratch);
copyFileSync(path.join(scratch, 'server.crt'), at('wrong', 'expired.crt'));
const pki = (name) => readFileSync(at('test-pki', name), 'utf8');
writeFileSync(at('wrong', 'wrong-order-fullchain.pem'), pki('intermediate.crt') + pki('server.crt'));

if (haveOpenssl) {
  for (const [name] of KEYS) openssl('pkey', '-in', at('keys', `${name}.key`), '-outform', 'DER', '-out', at('keys', `${name}.der`));
  openssl('pkey', '-in', at('keys', 'rsa-2048.key'), '-traditional', '-out', at('keys', 'rsa-2048-pkcs1.key'));
  openssl('pkey', '-in', at('keys', 'ec-p256.key'), '-traditional', '-out', at('keys', 'ec-p256-sec1.key'));
  const chain = path.join(scratch, 'chain.pem');
  writeFileSync(chain, pki('intermediate.crt') + pki('ca.crt'));
  openssl('pkcs12', '-export', '-inkey', at('test-pki', 'server.key'), '-in', at('test-pki', 'server.crt'), '-certfile', chain,
    '-name', 'server', '-passout', `pass:${PASSWORD}`, '-out', at('test-pki', 'server.p12'));
  for (const f of ['rsa-2048.der', 'ec-p256.der', 'ec-p384.der', 'ed25519.der', 'rsa-2048-pkcs1.key', 'ec-p256-sec1.key']) chmodSync(at('keys', f), 0o600);
  chmodSync(at('test-pki', 'server.p12'), 0o600);
} else {
  console.warn('OpenSSL is not installed: skipped the DER and traditional key copies and test-pki/server.p12.');
}
rmSync(scratch, { recursive: true, force: true });
console.log(`samples/ regenerated (${FOLDERS.join(', ')}); the password of the encrypted key and the PKCS#12 is "${PASSWORD}".`);
