/**
 * What `inspect` reads: folders recursively (the app's rules, every skip said), and never an
 * unbounded input - a device or FIFO is refused before a byte is read, standard input is read
 * only up to the 50 MiB limit plus one byte.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../core/parse.js';
import { CLI, ensureBuilt, fixture, ROOT, run } from './helpers.js';

interface Doc {
  files: { path: string; items: { kind: string }[]; errors: { code: string; message: string }[] }[];
  skipped?: { path: string; reason: string; message: string }[];
}

let tmp: string;
let socketServer: Server;
let fifo: string;
let socket: string;

beforeAll(async () => {
  ensureBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'pem-inputs-'));
  fifo = path.join(tmp, 'pipe.fifo');
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  socket = path.join(tmp, 'server.sock');
  socketServer = createServer();
  await new Promise<void>((done) => socketServer.listen(socket, done));
});
afterAll(() => {
  socketServer.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A tree with one of everything the walk must handle; returns its root. */
function makeTree(): string {
  const root = mkdtempSync(path.join(tmp, 'tree-'));
  const put = (rel: string, from: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    copyFileSync(fixture(from), path.join(root, rel));
  };
  // Created out of order: the output order must not depend on it.
  put('z-last.pem', 'certs/server-ec.crt');
  put('b/deep/key.pem', 'keys/ec-p256.key');
  put('a.crt', 'certs/root-ca.crt');
  put('b/c.der', 'certs/root-ca.der');
  put('B-upper.crt', 'certs/server-rsa.crt');
  put('.hidden/secret.key', 'keys/rsa-2048.key');
  put('.dotfile.pem', 'certs/root-ca.crt');
  symlinkSync(fixture('certs/intermediate-ca.crt'), path.join(root, 'link-to-file.crt'));
  symlinkSync(path.join(root, 'nowhere.crt'), path.join(root, 'dangling.crt'));
  symlinkSync(root, path.join(root, 'b', 'loop'));
  symlinkSync(fifo, path.join(root, 'fifo-link'));
  symlinkSync(socket, path.join(root, 'socket-link'));
  symlinkSync('/dev/zero', path.join(root, 'zero'));
  return root;
}

describe('inspect DIR', () => {
  it('reads folders recursively in a fixed order and says what it skipped', () => {
    const root = makeTree();
    const r = run(['inspect', '--json', root]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    const rel = (p: string) => path.relative(root, p);
    expect(doc.files.map((f) => rel(f.path))).toEqual(['B-upper.crt', 'a.crt', 'b/c.der', 'b/deep/key.pem', 'link-to-file.crt', 'z-last.pem']);
    expect(doc.files.every((f) => f.items.length > 0 && f.errors.length === 0)).toBe(true);
    expect(doc.skipped!.map((s) => [rel(s.path), s.reason])).toEqual([
      ['.dotfile.pem', 'hidden'],
      ['.hidden', 'hidden'],
      ['b/loop', 'link_loop'],
      ['dangling.crt', 'unreadable'],
      ['fifo-link', 'not_regular_file'],
      ['socket-link', 'not_regular_file'],
      ['zero', 'not_regular_file'],
    ]);
    expect(doc.skipped!.find((s) => s.path.endsWith('fifo-link'))!.message).toMatch(/FIFO \(named pipe\), not a regular file/);
    expect(doc.skipped!.find((s) => s.path.endsWith('socket-link'))!.message).toMatch(/a socket/);
    expect(doc.skipped!.find((s) => s.path.endsWith('zero'))!.message).toMatch(/a character device/);
    expect(doc.skipped!.find((s) => s.path.endsWith('dangling.crt'))!.message).toMatch(/symbolic link to nothing/);
  });

  it('says the same on stderr in the human output, and the files read on stdout', () => {
    const root = makeTree();
    const r = run(['inspect', root]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(path.join(root, 'b', 'deep', 'key.pem') + '  — 1 item');
    expect(r.stderr).toContain(`pem-inspector inspect: skipped ${path.join(root, 'fifo-link')} is a FIFO (named pipe), not a regular file.`);
    expect(r.stderr).toContain(`skipped ${path.join(root, '.hidden')} is hidden`);
    expect(r.stderr.match(/^pem-inspector inspect: skipped /gm)).toHaveLength(7);
  });

  it('mixes files and folders in command-line order; an empty folder says so', () => {
    const root = makeTree();
    const empty = mkdtempSync(path.join(tmp, 'empty-'));
    const r = run(['inspect', '--json', fixture('certs/server-ec.crt'), path.join(root, 'b', 'deep'), fixture('keys/ec-p256.key')]);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.files.map((f) => path.basename(f.path))).toEqual(['server-ec.crt', 'key.pem', 'ec-p256.key']);
    expect(doc.skipped).toBeUndefined();
    const e = run(['inspect', empty]);
    expect(e.code).toBe(0);
    expect(e.stderr).toContain('no files to read');
    expect(JSON.parse(run(['inspect', '--json', empty]).stdout)).toEqual({ files: [] });
  });

  it('stops 16 folders deep', () => {
    const root = mkdtempSync(path.join(tmp, 'deep-'));
    const parts = Array.from({ length: 18 }, (_, i) => `d${i}`);
    mkdirSync(path.join(root, ...parts), { recursive: true });
    copyFileSync(fixture('certs/root-ca.crt'), path.join(root, ...parts.slice(0, 15), 'ok.crt'));
    copyFileSync(fixture('certs/root-ca.crt'), path.join(root, ...parts, 'too-deep.crt'));
    const doc = JSON.parse(run(['inspect', '--json', root]).stdout) as Doc;
    expect(doc.files.map((f) => path.basename(f.path))).toEqual(['ok.crt']);
    expect(doc.skipped!.map((s) => s.reason)).toEqual(['too_deep']);
  });

  it('the worker pool gives the same document, skipped list included', () => {
    const root = makeTree();
    const many = path.join(root, 'many');
    mkdirSync(many);
    const text = readFileSync(fixture('certs/server-ec.crt'));
    for (let i = 0; i < 70; i++) writeFileSync(path.join(many, `c${String(i).padStart(2, '0')}.crt`), text);
    const single = run(['inspect', '--json', root], { env: { PEM_INSPECTOR_THREADS: '1' } });
    const pooled = run(['inspect', '--json', root], { env: { PEM_INSPECTOR_THREADS: '2', PEM_INSPECTOR_TRACE: '1' } });
    expect(pooled.stderr).toMatch(/2 worker threads/);
    expect(pooled.stdout).toBe(single.stdout);
    expect((JSON.parse(pooled.stdout) as Doc).skipped).toHaveLength(7);
  });
});

describe('unbounded inputs are refused, not read', () => {
  const table: { name: string; target: () => string; what: RegExp }[] = [
    { name: '/dev/zero (endless)', target: () => '/dev/zero', what: /a character device/ },
    { name: '/dev/urandom', target: () => '/dev/urandom', what: /a character device/ },
    { name: 'a FIFO nobody writes to (would wait forever)', target: () => fifo, what: /a FIFO \(named pipe\)/ },
    { name: 'a socket', target: () => socket, what: /a socket/ },
  ];
  it.each(table)('inspect $name: not_regular_file, exit 1', ({ target, what }) => {
    const r = run(['inspect', '--json', target()]);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.files[0]!.errors.map((e) => e.code)).toEqual(['not_regular_file']);
    expect(doc.files[0]!.errors[0]!.message).toMatch(what);
  });

  it('match, verify and generate --key refuse them too (exit 2)', () => {
    for (const args of [
      ['match', '/dev/zero', fixture('keys/ec-p256.key')],
      ['match', fixture('certs/server-ec.crt'), fifo],
      ['verify', fifo],
      ['verify', fixture('certs/server-ec.crt'), '--trusted', '/dev/zero'],
      ['generate', 'csr', '--key', '/dev/urandom', '--out', path.join(tmp, 'never')],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/not a regular file/);
    }
  });

  /** Runs `inspect --json -` with the given standard input (a file descriptor). */
  function inspectStdin(fd: number) {
    return spawnSync(process.execPath, [CLI, 'inspect', '--json', '-'], { cwd: ROOT, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 20 });
  }

  it('standard input from /dev/zero: reading stops after the limit, too_large', () => {
    const fd = openSync('/dev/zero', 'r');
    try {
      const r = inspectStdin(fd);
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(1);
      const doc = JSON.parse(r.stdout) as Doc;
      expect(doc.files[0]!.errors.map((e) => e.code)).toEqual(['too_large']);
      expect(doc.files[0]!.errors[0]!.message).toMatch(/more than 50 MiB.*reading stopped there/);
    } finally {
      closeSync(fd);
    }
  });

  it('standard input from a pipe: the limit plus one byte is too_large, and the writer is not waited for', async () => {
    const child = spawn(process.execPath, [CLI, 'inspect', '--json', '-'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stdin.on('error', () => {});
    // One byte over the limit, and then the pipe stays open: only a reader that stops at the limit answers.
    const chunk = Buffer.alloc(1 << 20, 0x41);
    for (let sent = 0; sent <= MAX_FILE_BYTES; sent += chunk.length) {
      if (!child.stdin.write(sent + chunk.length > MAX_FILE_BYTES + 1 ? chunk.subarray(0, MAX_FILE_BYTES + 1 - sent) : chunk)) {
        await new Promise((done) => child.stdin.once('drain', done));
      }
    }
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    child.stdin.destroy();
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as Doc).files[0]!.errors.map((e) => e.code)).toEqual(['too_large']);
  }, 120_000);

  it('standard input within the limit is read as before', () => {
    const r = run(['inspect', '--json', '-'], { input: readFileSync(fixture('certs/server-ec.crt')) });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Doc).files[0]!.items.map((i) => i.kind)).toEqual(['certificate']);
  });
});
