/**
 * Main's file writing (electron/write.ts) and the save handlers over it: never through a
 * symlink or a hard link, never keeping an old file's looser mode, nothing half-written.
 */
import { chmod, link, lstat, mkdir, mkdtemp, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { saveFile, saveFilesToFolder, type IpcEffects } from '../../electron/ipc.js';
import { nameTaken, temporaryName, writeFileSafely } from '../../electron/write.js';

// The next rename fails once when asked: a replace interrupted at its last step.
const failRename = vi.hoisted(() => ({ next: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    rename: async (from: string, to: string) => {
      if (!failRename.next) return fs.rename(from, to);
      failRename.next = false;
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    },
  };
});

const posix = process.platform !== 'win32';
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = async (file: string): Promise<string> => new TextDecoder().decode(await readFile(file));
const mode = async (file: string): Promise<number> => (await lstat(file)).mode & 0o777;
const tempDir = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'pem-write-'));
const KEY = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n';

/** A folder with a victim file outside it and the given names inside linked to the victim. */
async function trap(): Promise<{ dir: string; victim: string }> {
  const outside = await tempDir();
  const victim = path.join(outside, 'authorized_keys');
  await writeFile(victim, 'ssh-ed25519 AAAA trusted@host\n', { mode: 0o644 });
  return { dir: await tempDir(), victim };
}

function effects(dir: string, over: Partial<IpcEffects> = {}): IpcEffects {
  return {
    chooseFiles: async () => [],
    chooseSavePath: async (name) => path.join(dir, name),
    chooseFolder: async () => dir,
    askOnConflict: async () => 'replace',
    readPaths: async () => [],
    writeFile: writeFileSafely,
    exists: nameTaken,
    systemRoots: () => [],
    takePendingFiles: () => [],
    ...over,
  };
}

describe.runIf(posix)('writing without following links', () => {
  it('a new file is created with its mode, a private one 0600', async () => {
    const dir = await tempDir();
    await writeFileSafely(path.join(dir, 'a.key'), bytes(KEY), { replace: false, mode: 0o600 });
    await writeFileSafely(path.join(dir, 'a.crt'), bytes(CERT), { replace: false, mode: 0o644 });
    expect(await mode(path.join(dir, 'a.key'))).toBe(0o600);
    expect((await mode(path.join(dir, 'a.crt'))) & ~0o644).toBe(0);
    expect(await text(path.join(dir, 'a.key'))).toBe(KEY);
  });

  it('without replace, an existing file, a symlink and a dangling symlink are all EEXIST and untouched', async () => {
    const { dir, victim } = await trap();
    await writeFile(path.join(dir, 'plain.pem'), 'OLD');
    await symlink(victim, path.join(dir, 'link.pem'));
    const dangling = path.join(path.dirname(victim), 'created-through-link.pem');
    await symlink(dangling, path.join(dir, 'dangling.pem'));
    for (const name of ['plain.pem', 'link.pem', 'dangling.pem']) {
      await expect(writeFileSafely(path.join(dir, name), bytes(KEY), { replace: false, mode: 0o600 })).rejects.toMatchObject({ code: 'EEXIST' });
    }
    expect(await text(path.join(dir, 'plain.pem'))).toBe('OLD');
    expect(await text(victim)).toBe('ssh-ed25519 AAAA trusted@host\n');
    expect(await nameTaken(dangling)).toBe(false);
    expect(await nameTaken(path.join(dir, 'dangling.pem'))).toBe(true);
  });

  it('replacing a symlink replaces the link, not its target', async () => {
    const { dir, victim } = await trap();
    const target = path.join(dir, 'server.key');
    await symlink(victim, target);
    await writeFileSafely(target, bytes(KEY), { replace: true, mode: 0o600 });
    expect((await lstat(target)).isSymbolicLink()).toBe(false);
    expect(await text(target)).toBe(KEY);
    expect(await mode(target)).toBe(0o600);
    expect(await text(victim)).toBe('ssh-ed25519 AAAA trusted@host\n');
    expect(await mode(victim)).toBe(0o644);
  });

  it('replacing a file with another hard link leaves the other link alone', async () => {
    const { dir, victim } = await trap();
    const target = path.join(dir, 'server.crt');
    await link(victim, target);
    await writeFileSafely(target, bytes(CERT), { replace: true, mode: 0o644 });
    expect(await text(target)).toBe(CERT);
    expect(await text(victim)).toBe('ssh-ed25519 AAAA trusted@host\n');
    expect((await stat(target)).ino).not.toBe((await stat(victim)).ino);
  });

  it.each([
    { old: 0o644, want: 0o600, what: 'a world-readable file replaced by a key becomes 0600' },
    { old: 0o666, want: 0o600, what: 'a world-writable file replaced by a key becomes 0600' },
    { old: 0o777, want: 0o600, what: 'an executable file replaced by a key becomes 0600' },
  ])('$what', async ({ old, want }) => {
    const dir = await tempDir();
    const target = path.join(dir, 'server.key');
    await writeFile(target, 'OLD');
    await chmod(target, old);
    await writeFileSafely(target, bytes(KEY), { replace: true, mode: 0o600 });
    expect(await mode(target)).toBe(want);
    expect(await text(target)).toBe(KEY);
  });

  it('leaves no temporary file behind, after success or failure', async () => {
    const dir = await tempDir();
    await writeFileSafely(path.join(dir, 'a.pem'), bytes(CERT), { replace: true, mode: 0o644 });
    await mkdir(path.join(dir, 'folder.pem'));
    await expect(writeFileSafely(path.join(dir, 'folder.pem'), bytes(CERT), { replace: true, mode: 0o644 })).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(writeFileSafely(path.join(dir, 'missing', 'a.pem'), bytes(CERT), { replace: true, mode: 0o644 })).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readdir(dir)).sort()).toEqual(['a.pem', 'folder.pem']);
  });

  it('a replace that fails at the rename keeps the old file whole and removes its temporary file', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'server.key');
    await writeFile(target, 'OLD KEY', { mode: 0o600 });
    failRename.next = true;
    await expect(writeFileSafely(target, bytes(KEY), { replace: true, mode: 0o600 })).rejects.toMatchObject({ code: 'EXDEV' });
    expect(failRename.next).toBe(false);
    expect(await text(target)).toBe('OLD KEY');
    expect(await readdir(dir)).toEqual(['server.key']);
  });

  it('temporary names stay in the same folder and are hidden', () => {
    const t = temporaryName('/some/folder/server.key');
    expect(path.dirname(t)).toBe('/some/folder');
    expect(path.basename(t)).toMatch(/^\.server\.key\.[0-9a-f]{12}\.tmp$/);
  });
});

describe.runIf(posix)('the save handlers never write through a link', () => {
  it('Save (dialog path): a chosen path that is a symlink is replaced, its target untouched', async () => {
    const { dir, victim } = await trap();
    await symlink(victim, path.join(dir, 'server.key'));
    const saved = await saveFile(effects(dir), { name: 'server.key', bytes: bytes(KEY) });
    expect(saved).toBe(path.join(dir, 'server.key'));
    expect(await text(victim)).toBe('ssh-ed25519 AAAA trusted@host\n');
    expect(await readlink(path.join(dir, 'server.key')).catch((e: NodeJS.ErrnoException) => e.code)).toBe('EINVAL');
    expect(await mode(path.join(dir, 'server.key'))).toBe(0o600);
  });

  it('Save All, Replace: a planted symlink is replaced, its target untouched', async () => {
    const { dir, victim } = await trap();
    await symlink(victim, path.join(dir, 'client.crt'));
    const taken: string[][] = [];
    const written = await saveFilesToFolder(effects(dir, { askOnConflict: async (_f, names) => (taken.push(names), 'replace') }), [
      { name: 'client.crt', bytes: bytes(CERT) },
      { name: 'client.key', bytes: bytes(KEY) },
    ]);
    expect(taken).toEqual([['client.crt']]);
    expect(written).toEqual([path.join(dir, 'client.crt'), path.join(dir, 'client.key')]);
    expect(await text(victim)).toBe('ssh-ed25519 AAAA trusted@host\n');
    expect(await text(path.join(dir, 'client.crt'))).toBe(CERT);
  });

  it('Save All, Keep Both: a dangling symlink counts as taken and nothing is created through it', async () => {
    const { dir, victim } = await trap();
    const through = path.join(path.dirname(victim), 'made-through-link.key');
    await symlink(through, path.join(dir, 'server.key'));
    const written = await saveFilesToFolder(effects(dir, { askOnConflict: async () => 'keep-both' }), [{ name: 'server.key', bytes: bytes(KEY) }]);
    expect(written).toEqual([path.join(dir, 'server (2).key')]);
    expect(await nameTaken(through)).toBe(false);
    expect(await mode(path.join(dir, 'server (2).key'))).toBe(0o600);
  });

  it('Save All, Replace over an old world-readable key writes a new 0600 file even when the renderer says "not sensitive"', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'server.key'), 'OLD', { mode: 0o644 });
    await chmod(path.join(dir, 'server.key'), 0o644);
    await saveFilesToFolder(effects(dir), [{ name: 'server.key', bytes: bytes(KEY), sensitive: false }]);
    expect(await mode(path.join(dir, 'server.key'))).toBe(0o600);
    expect(await text(path.join(dir, 'server.key'))).toBe(KEY);
  });
});
