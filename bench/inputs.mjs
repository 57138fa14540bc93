// Builds the benchmark's inputs in a temporary folder, from nothing but Node's own root
// certificates, the built CLI's generators and (when installed) OpenSSL. No downloads.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';

const CERTS = 10_000;
const MIXED = 1_000;

function pemToDer(pem) {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function blocks(text) {
  return text.match(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----\n?/g) ?? [];
}

/** Repeats `list` (PEM blocks) to exactly n entries. */
function repeatTo(list, n) {
  return Array.from({ length: n }, (_, i) => list[i % list.length].trim() + '\n');
}

export function buildInputs(dir, cli, openssl) {
  const roots = tls.rootCertificates.map((p) => p.trim() + '\n');
  const bundle = path.join(dir, 'bundle-10000.pem');
  writeFileSync(bundle, repeatTo(roots, CERTS).join(''));
  const bundle1k = path.join(dir, 'bundle-1000.pem');
  writeFileSync(bundle1k, repeatTo(roots, 1000).join(''));

  const derDir = path.join(dir, 'der-10000');
  mkdirSync(derDir);
  const ders = roots.map(pemToDer);
  const derFiles = [];
  for (let i = 0; i < CERTS; i++) {
    const f = path.join(derDir, `cert-${String(i).padStart(5, '0')}.der`);
    writeFileSync(f, ders[i % ders.length]);
    derFiles.push(f);
  }

  // Keys, CSRs and certificates from the app's own generators, once.
  const gen = path.join(dir, 'gen');
  const run = (args) => execFileSync(process.execPath, [cli, 'generate', ...args], { stdio: 'pipe' });
  run(['test-pki', '--out', path.join(gen, 'pki-ec')]);
  run(['test-pki', '--algorithm', 'rsa', '--out', path.join(gen, 'pki-rsa')]);
  run(['keypair', '--algorithm', 'ed25519', '--out', path.join(gen, 'ed25519')]);
  run(['keypair', '--algorithm', 'ec', '--curve', 'P-384', '--out', path.join(gen, 'ec384')]);
  run(['keypair', '--algorithm', 'rsa', '--bits', '3072', '--traditional', '--out', path.join(gen, 'rsa3072')]);
  run(['csr', '--out', path.join(gen, 'csr-ec')]);
  run(['csr', '--algorithm', 'rsa', '--out', path.join(gen, 'csr-rsa')]);
  const keyBlocks = [];
  const otherBlocks = [];
  for (const sub of readdirSync(gen)) {
    for (const name of readdirSync(path.join(gen, sub))) {
      if (!/\.(key|pem|crt|csr)$/.test(name) || name === 'fullchain.pem') continue;
      for (const b of blocks(readFileSync(path.join(gen, sub, name), 'utf8'))) (/PRIVATE KEY|PUBLIC KEY/.test(b) ? keyBlocks : otherBlocks).push(b);
    }
  }
  let crls = 0;
  if (openssl) {
    // A CRL with a few revoked serials, signed by the generated EC test CA.
    const ca = path.join(gen, 'pki-ec');
    const db = path.join(dir, 'ca-db');
    mkdirSync(db);
    writeFileSync(path.join(db, 'index.txt'), '');
    writeFileSync(path.join(db, 'crlnumber'), '01\n');
    const conf = path.join(db, 'ca.cnf');
    writeFileSync(conf, `[ca]\ndefault_ca=d\n[d]\ndatabase=${db}/index.txt\ncrlnumber=${db}/crlnumber\ndefault_md=sha256\ndefault_crl_days=30\n`);
    for (const serial of ['01', '02', '03']) {
      writeFileSync(path.join(db, 'index.txt'), `R\t300101000000Z\t240101000000Z\t${serial}\tunknown\t/CN=revoked-${serial}\n`, { flag: 'a' });
    }
    const crl = execFileSync(openssl, ['ca', '-gencrl', '-config', conf, '-keyfile', path.join(ca, 'ca.key'), '-cert', path.join(ca, 'ca.crt')], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    otherBlocks.push(...blocks(crl));
    crls = 1;
  }
  const keys = path.join(dir, 'keys-1000.pem');
  writeFileSync(keys, repeatTo(keyBlocks, MIXED).join(''));
  const mixedList = [...keyBlocks, ...otherBlocks, ...roots.slice(0, 4)];
  const mixed = path.join(dir, 'mixed-1000.pem');
  writeFileSync(mixed, repeatTo(mixedList, MIXED).join(''));
  return { bundle, bundle1k, derDir, derFiles, keys, mixed, kinds: { keys: keyBlocks.length, others: otherBlocks.length, crls } };
}
