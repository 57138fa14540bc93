import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, fileArgs, OPEN_EXTENSIONS, readPaths } from '../../electron/files.js';

describe('file arguments', () => {
  const cwd = '/home/u/certs';
  it.each([
    { name: 'packaged, one relative file', argv: ['/opt/PEM Inspector/pem-inspector', 'server.crt'], defaultApp: false, want: ['/home/u/certs/server.crt'] },
    { name: 'packaged, absolute and relative', argv: ['/app', '/tmp/a.pem', '../b.key'], defaultApp: false, want: ['/tmp/a.pem', '/home/u/b.key'] },
    { name: 'development: argv[1] is the app path', argv: ['/electron', '.', 'ca.crt'], defaultApp: true, want: ['/home/u/certs/ca.crt'] },
    { name: 'development, no files', argv: ['/electron', '/work/main'], defaultApp: true, want: [] },
    { name: 'no files', argv: ['/app'], defaultApp: false, want: [] },
    {
      name: 'Chromium and Electron switches are ignored',
      argv: ['/app', '--no-sandbox', '--enable-logging', '--inspect=9229', 'x.pem', '--allow-file-access-from-files', '-psn_0_12345'],
      defaultApp: false,
      want: ['/home/u/certs/x.pem'],
    },
    { name: 'after a bare --, dashes are file names', argv: ['/app', '--', '-odd.pem', '--weird'], defaultApp: false, want: ['/home/u/certs/-odd.pem', '/home/u/certs/--weird'] },
    { name: 'file URLs from desktop launchers', argv: ['/app', 'file:///tmp/my%20cert.pem'], defaultApp: false, want: ['/tmp/my cert.pem'] },
    { name: 'empty arguments are skipped', argv: ['/app', '', 'a.pem'], defaultApp: false, want: ['/home/u/certs/a.pem'] },
    {
      name: 'keystores, PuTTY keys, JWK sets and kubeconfigs (file associations of issue 13)',
      argv: ['/app', 'keystore.jks', 'store.jceks', 'app.keystore', 'java.truststore', 'id.ppk', 'key.jwk', 'keys.jwks', 'admin.kubeconfig'],
      defaultApp: false,
      want: ['keystore.jks', 'store.jceks', 'app.keystore', 'java.truststore', 'id.ppk', 'key.jwk', 'keys.jwks', 'admin.kubeconfig'].map((f) => `/home/u/certs/${f}`),
    },
  ])('$name', ({ argv, defaultApp, want }) => {
    expect(fileArgs(argv, { defaultApp, cwd })).toEqual(want.map((p) => path.resolve(p)));
  });
});

describe('files of the new kinds', () => {
  const out = path.resolve(__dirname, '..', 'fixtures', 'desktop', 'out');
  const names = ['keystore.jks', 'secret.jceks', 'truststore.p12', 'ec-v3.ppk', 'ec-private.jwk', 'public.jwks.json'];

  it('are read byte for byte, binary keystores included', async () => {
    const files = await readPaths(names.map((n) => path.join(out, n)));
    expect(files.map((f) => f.name)).toEqual(names);
    for (const f of files) {
      expect(f.error).toBeUndefined();
      expect(Buffer.from(f.bytes).equals(await readFile(path.join(out, f.name)))).toBe(true);
    }
  });

  it('are offered by the Open dialog filter, Kubernetes and kubeadm names too', () => {
    for (const ext of ['jks', 'jceks', 'keystore', 'truststore', 'ppk', 'jwk', 'jwks', 'kubeconfig', 'json', 'yaml', 'yml', 'conf']) expect(OPEN_EXTENSIONS).toContain(ext);
    expect(new Set(OPEN_EXTENSIONS).size).toBe(OPEN_EXTENSIONS.length);
  });
});

describe('reading paths', () => {
  async function tree(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'pem-files-'));
    await mkdir(path.join(dir, 'pki', 'nested'), { recursive: true });
    await mkdir(path.join(dir, 'pki', '.git'));
    await writeFile(path.join(dir, 'pki', 'ca.crt'), 'CA');
    await writeFile(path.join(dir, 'pki', 'nested', 'server.key'), 'KEY');
    await writeFile(path.join(dir, 'pki', '.git', 'HEAD'), 'ref');
    await writeFile(path.join(dir, 'pki', '.hidden.pem'), 'H');
    return dir;
  }

  it('reads folders recursively, in name order, skipping hidden entries', async () => {
    const dir = await tree();
    const files = await readPaths([path.join(dir, 'pki')]);
    expect(files.map((f) => path.relative(dir, f.path ?? ''))).toEqual([path.join('pki', 'ca.crt'), path.join('pki', 'nested', 'server.key')]);
    expect(files.map((f) => new TextDecoder().decode(f.bytes))).toEqual(['CA', 'KEY']);
    expect(files[0]?.name).toBe('ca.crt');
    expect(files.every((f) => f.error === undefined)).toBe(true);
  });

  it('reads a hidden file when it is named explicitly', async () => {
    const dir = await tree();
    const files = await readPaths([path.join(dir, 'pki', '.hidden.pem')]);
    expect(files).toHaveLength(1);
    expect(files[0]?.error).toBeUndefined();
  });

  it('reports a missing file as unreadable instead of throwing', async () => {
    const files = await readPaths(['/nonexistent/pem-inspector/x.pem']);
    expect(files).toHaveLength(1);
    expect(files[0]?.error?.code).toBe('unreadable');
    expect(files[0]?.bytes.length).toBe(0);
  });

  it('does not read a file over the size limit', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pem-files-'));
    await writeFile(path.join(dir, 'big.der'), new Uint8Array(2048));
    await writeFile(path.join(dir, 'small.der'), new Uint8Array(1024));
    const files = await readPaths([dir], { ...DEFAULT_LIMITS, maxFileBytes: 1024 });
    expect(files.map((f) => [f.name, f.error?.code, f.bytes.length])).toEqual([
      ['big.der', 'too_large', 0],
      ['small.der', undefined, 1024],
    ]);
  });

  it('stops at the total size budget', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pem-files-'));
    for (const n of ['a', 'b', 'c']) await writeFile(path.join(dir, `${n}.der`), new Uint8Array(600));
    const files = await readPaths([dir], { ...DEFAULT_LIMITS, maxTotalBytes: 1300 });
    expect(files.map((f) => f.error?.code)).toEqual([undefined, undefined, 'limit_exceeded']);
  });

  it('stops at the file count limit and says so', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pem-files-'));
    for (let i = 0; i < 5; i++) await writeFile(path.join(dir, `${i}.pem`), 'x');
    const files = await readPaths([dir], { ...DEFAULT_LIMITS, maxFiles: 3 });
    expect(files).toHaveLength(4);
    expect(files.slice(0, 3).every((f) => f.error === undefined)).toBe(true);
    expect(files[3]?.error?.code).toBe('limit_exceeded');
  });

  it('ends symlink loops', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pem-files-'));
    await mkdir(path.join(dir, 'a'));
    await writeFile(path.join(dir, 'a', 'x.pem'), 'x');
    try {
      await symlink(dir, path.join(dir, 'a', 'loop'), 'dir');
    } catch {
      return expect.fail('symlinks unavailable: cannot test loop handling here');
    }
    const files = await readPaths([dir]);
    expect(files.map((f) => f.name)).toEqual(['x.pem']);
  });
});
