/**
 * `inspect --json` on big inputs runs on a pool of worker threads; its output must be the
 * single-threaded output, byte for byte (same items, same order, same indexes and errors).
 * PEM_INSPECTOR_THREADS=1 is the single-threaded path; PEM_INSPECTOR_TRACE says the pool ran.
 */
import { FILE_LIMITS } from '../../core/budget.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, FIXTURES, run } from '../cli/helpers.js';

let dir: string;
const roots = tls.rootCertificates.map((p) => p.trim() + '\n');
const fixtureText = (rel: string) => readFileSync(path.join(FIXTURES, rel), 'latin1');

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(os.tmpdir(), 'pem-pool-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function both(args: string[]) {
  const single = run(['inspect', '--json', ...args], { env: { PEM_INSPECTOR_THREADS: '1', PEM_INSPECTOR_TRACE: '1' } });
  const pooled = run(['inspect', '--json', ...args], { env: { PEM_INSPECTOR_THREADS: '2', PEM_INSPECTOR_TRACE: '1' } });
  expect(single.stderr).not.toMatch(/worker threads/);
  expect(pooled.stderr).toMatch(/2 worker threads for \d+ tasks/);
  return { single, pooled };
}

describe('inspect --json with a pool of worker threads', () => {
  test('a bundle of 2,000 certificates: identical JSON and exit status', () => {
    const file = path.join(dir, 'bundle-2000.pem');
    writeFileSync(file, Array.from({ length: 2000 }, (_, i) => roots[i % roots.length]).join(''));
    const { single, pooled } = both([file]);
    expect(single.code).toBe(0);
    expect(pooled.code).toBe(0);
    expect(pooled.stdout).toBe(single.stdout);
    const doc = JSON.parse(pooled.stdout) as { files: { items: { index: number }[] }[] };
    expect(doc.files[0]!.items.map((i) => i.index)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });

  test('a big PEM file with damage, other blocks and text between: identical errors in the same order', () => {
    const pieces = [
      'Bag Attributes\n    localKeyID: 01\n',
      fixtureText('certs/fullchain.pem'),
      fixtureText('broken/truncated.crt'),
      fixtureText('broken/armor-mismatch.pem'),
      fixtureText('broken/bad-base64.crt'),
      '-----BEGIN SOMETHING ELSE-----\nAAAA\n-----END SOMETHING ELSE-----\n',
      fixtureText('pkcs7/' + readdirSync(path.join(FIXTURES, 'pkcs7')).find((f) => f.endsWith('.pem') || f.endsWith('.p7b'))!),
      fixtureText('keys/' + readdirSync(path.join(FIXTURES, 'keys')).find((f) => f.endsWith('.key') || f.endsWith('.pem'))!),
    ];
    const text = Array.from({ length: 900 }, (_, i) => pieces[i % pieces.length]! + roots[i % roots.length]!).join('\r\n');
    const file = path.join(dir, 'damaged.pem');
    writeFileSync(file, text);
    const { single, pooled } = both([file]);
    expect(single.code).toBe(1);
    expect(pooled.code).toBe(1);
    expect(pooled.stdout).toBe(single.stdout);
    // Over 300 problems, capped at the file limit with one note saying how many more there were.
    const errors = (JSON.parse(pooled.stdout) as { files: { errors: { code: string; message: string }[] }[] }).files[0]!.errors;
    expect(errors.length).toBe(FILE_LIMITS.errors + 1);
    expect(errors.at(-1)!.code).toBe('limit_exceeded');
    expect(Number(/; ([\d,]+) more were not listed/.exec(errors.at(-1)!.message)![1]!.replace(/,/g, ''))).toBeGreaterThan(200);
  });

  test('big files read as UTF-8 (with byte-order marks) or as Latin-1: identical JSON', () => {
    // Non-ASCII labels reach the error messages, so a part decoded differently from the whole
    // file would show. The Latin-1 file is not valid UTF-8 (0xE9 alone), the other one is.
    const odd = (eol: string) => `# caf\u00e9 \u00e9t\u00e9${eol}-----BEGIN CERTIFICAT\u00c9-----${eol}AAAA${eol}-----END CERTIFICAT\u00c9-----${eol}`;
    const body = (eol: string) => Array.from({ length: 1600 }, (_, i) => (i % 97 === 0 ? odd(eol) : '') + roots[i % roots.length]!).join('');
    const latin1 = path.join(dir, 'latin1.pem');
    writeFileSync(latin1, Buffer.from(body('\n'), 'latin1'));
    const bom = path.join(dir, 'bom.pem');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(body('\r\n'), 'utf8')]));
    for (const file of [latin1, bom]) {
      const { single, pooled } = both([file]);
      expect(single.code).toBe(1);
      expect(pooled.stdout).toBe(single.stdout);
      const doc = JSON.parse(pooled.stdout) as { files: { items: unknown[]; errors: { message: string }[] }[] };
      expect(doc.files[0]!.items).toHaveLength(1600);
      expect(doc.files[0]!.errors.some((e) => e.message.includes('CERTIFICAT\u00c9'))).toBe(true);
    }
  });

  test('a big bundle with an OpenSSH key line in it is read whole: identical JSON, the key included', () => {
    const sshDir = path.join(FIXTURES, 'ssh');
    const pub = readdirSync(sshDir).map((f) => readFileSync(path.join(sshDir, f), 'latin1')).find((t) => t.startsWith('ssh-ed25519 '))!;
    const file = path.join(dir, 'with-ssh.pem');
    writeFileSync(file, Array.from({ length: 1600 }, (_, i) => (i === 800 ? pub : '') + roots[i % roots.length]!).join(''));
    const single = run(['inspect', '--json', file], { env: { PEM_INSPECTOR_THREADS: '1' } });
    const pooled = run(['inspect', '--json', file], { env: { PEM_INSPECTOR_THREADS: '2' } });
    expect(pooled.code).toBe(0);
    expect(pooled.stdout).toBe(single.stdout);
    const items = (JSON.parse(pooled.stdout) as { files: { items: { kind: string; format: string }[] }[] }).files[0]!.items;
    expect(items).toHaveLength(1601);
    expect(items[800]).toMatchObject({ kind: 'public-key', format: 'openssh' });
  });

  test('many files (DER, PEM, broken, missing): identical JSON and exit status', () => {
    const files: string[] = [];
    for (let i = 0; i < 70; i++) {
      const f = path.join(dir, `c${i}.der`);
      writeFileSync(f, Buffer.from(roots[i % roots.length]!.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
      files.push(f);
    }
    files.splice(10, 0, path.join(FIXTURES, 'broken/random.der'), path.join(dir, 'does-not-exist.pem'), path.join(FIXTURES, 'certs/fullchain.pem'), path.join(FIXTURES, 'broken/empty.crt'));
    const { single, pooled } = both(files);
    expect(single.code).toBe(1);
    expect(pooled.code).toBe(1);
    expect(pooled.stdout).toBe(single.stdout);
    expect((JSON.parse(pooled.stdout) as { files: unknown[] }).files).toHaveLength(files.length);
  });

  test('small inputs stay on one thread', () => {
    const r = run(['inspect', '--json', path.join(FIXTURES, 'certs/fullchain.pem')], { env: { PEM_INSPECTOR_THREADS: '2', PEM_INSPECTOR_TRACE: '1' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
