/**
 * cli/safe-write.ts: all or nothing, never through a symlink, private files 0600 from the
 * moment they exist. node:fs is wrapped so a test can make a write or a rename fail half-way
 * (a full disk, a folder changing under us) and watch what is created with which mode.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutputFile } from '../../core/write/types.js';

const hooks = vi.hoisted(() => ({
  failWriteAt: -1,
  failRenameAt: -1,
  writes: 0,
  renames: 0,
  opens: [] as { path: string; flags: number; mode: number | undefined }[],
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const failure = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
  const wrapped = {
    ...fs,
    openSync: (p: string, flags: number, mode?: number) => {
      hooks.opens.push({ path: String(p), flags: typeof flags === 'number' ? flags : -1, mode });
      return fs.openSync(p, flags, mode);
    },
    writeSync: (...args: unknown[]) => {
      if (hooks.writes++ === hooks.failWriteAt) throw failure('ENOSPC');
      return (fs.writeSync as (...a: unknown[]) => number)(...args);
    },
    renameSync: (from: string, to: string) => {
      if (hooks.renames++ === hooks.failRenameAt) throw failure('EIO');
      return fs.renameSync(from, to);
    },
  };
  return { ...wrapped, default: wrapped };
});

const { SafeWriteError, writeOutputFiles } = await import('../../cli/safe-write.js');

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'pem-safe-write-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  Object.assign(hooks, { failWriteAt: -1, failRenameAt: -1, writes: 0, renames: 0, opens: [] });
});

let n = 0;
const freshDir = () => {
  const d = path.join(root, `d${n++}`);
  mkdirSync(d);
  return d;
};
const enc = (s: string) => new TextEncoder().encode(s);
const set = (tag: string): OutputFile[] => [
  { name: 'ca.crt', bytes: enc(`ca ${tag}`), sensitivity: 'public' },
  { name: 'server.key', bytes: enc(`key ${tag}`), sensitivity: 'private' },
  { name: 'server.crt', bytes: enc(`crt ${tag}`), sensitivity: 'public' },
];
const contents = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, lstatSync(path.join(dir, f)).isSymbolicLink() ? `-> ${readlinkSync(path.join(dir, f))}` : readFileSync(path.join(dir, f), 'utf8')]));
const mode = (p: string) => statSync(p).mode & 0o777;
async function failure(p: Promise<unknown>): Promise<InstanceType<typeof SafeWriteError>> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(SafeWriteError);
  return e as InstanceType<typeof SafeWriteError>;
}

describe('writeOutputFiles', () => {
  it('writes every file, returns their paths in order, private 0600 and public 0644 whatever the umask', async () => {
    const dir = path.join(root, 'new', 'nested');
    const old = process.umask(0o000);
    try {
      expect(await writeOutputFiles(dir, set('1'), { force: false })).toEqual(['ca.crt', 'server.key', 'server.crt'].map((f) => path.join(dir, f)));
    } finally {
      process.umask(old);
    }
    expect(contents(dir)).toEqual({ 'ca.crt': 'ca 1', 'server.crt': 'crt 1', 'server.key': 'key 1' });
    expect([mode(path.join(dir, 'server.key')), mode(path.join(dir, 'ca.crt'))]).toEqual([0o600, 0o644]);
    const old2 = process.umask(0o077);
    try {
      const d2 = freshDir();
      await writeOutputFiles(d2, set('1'), { force: false });
      expect(mode(path.join(d2, 'ca.crt'))).toBe(0o644);
    } finally {
      process.umask(old2);
    }
  });

  it('creates each file exclusively, never through a link, with its final mode from the start', async () => {
    const dir = freshDir();
    await writeOutputFiles(dir, set('1'), { force: false });
    const creates = hooks.opens.filter((o) => o.flags !== -1 && o.flags & constants.O_CREAT);
    expect(creates).toHaveLength(3);
    for (const o of creates) {
      expect(o.flags & constants.O_EXCL, o.path).toBeTruthy();
      expect(o.flags & constants.O_NOFOLLOW, o.path).toBeTruthy();
      // A temporary name beside the target, in the same folder.
      expect(path.dirname(o.path)).toBe(dir);
      expect(path.basename(o.path)).toMatch(/^\.(ca\.crt|server\.key|server\.crt)\.new-[0-9a-f]{12}$/);
    }
    expect(creates.map((o) => o.mode)).toEqual([0o644, 0o600, 0o644]);
  });

  it('refuses to overwrite without force: a typed error naming every existing target, nothing written', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'server.key'), 'mine');
    writeFileSync(path.join(dir, 'server.crt'), 'mine too');
    const e = await failure(writeOutputFiles(dir, set('2'), { force: false }));
    expect(e.code).toBe('exists');
    expect(e.paths).toEqual([path.join(dir, 'server.key'), path.join(dir, 'server.crt')]);
    expect(e.message).toMatch(/refusing to overwrite .*server\.key \(and 1 more\); nothing was written/);
    expect(contents(dir)).toEqual({ 'server.crt': 'mine too', 'server.key': 'mine' });
    expect(hooks.opens.filter((o) => o.flags & constants.O_CREAT)).toEqual([]);
  });

  it('with force replaces a symlink itself, never the file it points to', async () => {
    const dir = freshDir();
    const victim = path.join(freshDir(), 'victim.txt');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, path.join(dir, 'server.key'));
    symlinkSync(path.join(root, 'nowhere'), path.join(dir, 'ca.crt'));
    expect((await failure(writeOutputFiles(dir, set('3'), { force: false }))).code).toBe('exists');
    await writeOutputFiles(dir, set('3'), { force: true });
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(contents(dir)).toEqual({ 'ca.crt': 'ca 3', 'server.crt': 'crt 3', 'server.key': 'key 3' });
    expect(lstatSync(path.join(dir, 'server.key')).isFile()).toBe(true);
    expect(mode(path.join(dir, 'server.key'))).toBe(0o600);
  });

  it('replaces with force, the new file getting its own mode (not the old one)', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'server.key'), 'old', { mode: 0o644 });
    await writeOutputFiles(dir, set('4'), { force: true });
    expect(contents(dir)).toEqual({ 'ca.crt': 'ca 4', 'server.crt': 'crt 4', 'server.key': 'key 4' });
    expect(mode(path.join(dir, 'server.key'))).toBe(0o600);
  });

  it('a folder in the way is refused even with force, before anything is written', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'ca.crt'), 'old ca');
    mkdirSync(path.join(dir, 'server.crt'));
    const e = await failure(writeOutputFiles(dir, set('5'), { force: true }));
    expect(e.code).toBe('write_failed');
    expect(e.message).toMatch(/server\.crt is a folder and cannot be replaced; nothing was written/);
    expect(readFileSync(path.join(dir, 'ca.crt'), 'utf8')).toBe('old ca');
  });

  it('a write failing half-way (a full disk) changes nothing and leaves no temporary file', async () => {
    const dir = freshDir();
    await writeOutputFiles(dir, set('old'), { force: false });
    hooks.writes = 0;
    hooks.failWriteAt = 1; // the second file's bytes
    const e = await failure(writeOutputFiles(dir, set('new'), { force: true }));
    expect(e.code).toBe('write_failed');
    expect(e.message).toMatch(/ENOSPC.*nothing was written/);
    expect(contents(dir)).toEqual({ 'ca.crt': 'ca old', 'server.crt': 'crt old', 'server.key': 'key old' });
  });

  it('a write failing in a folder it created removes that folder again', async () => {
    const dir = path.join(root, 'made-then-removed', 'sub');
    hooks.failWriteAt = 0;
    await failure(writeOutputFiles(dir, set('x'), { force: false }));
    expect(existsSync(path.join(root, 'made-then-removed'))).toBe(false);
  });

  it('a rename failing half-way puts back the files already replaced', async () => {
    const dir = freshDir();
    await writeOutputFiles(dir, set('old'), { force: false });
    const modeBefore = mode(path.join(dir, 'server.key'));
    hooks.renames = 0;
    hooks.failRenameAt = 2; // ca.crt and server.key are in place, server.crt fails
    const e = await failure(writeOutputFiles(dir, set('new'), { force: true }));
    expect(e.code).toBe('write_failed');
    expect(e.message).toMatch(/put back/);
    expect(contents(dir)).toEqual({ 'ca.crt': 'ca old', 'server.crt': 'crt old', 'server.key': 'key old' });
    expect(mode(path.join(dir, 'server.key'))).toBe(modeBefore);
  });

  it('a symlink moved aside is put back too', async () => {
    const dir = freshDir();
    await writeOutputFiles(dir, set('old'), { force: false });
    rmSync(path.join(dir, 'server.key'));
    symlinkSync('/elsewhere/key', path.join(dir, 'server.key'));
    const before = contents(dir);
    hooks.renames = 0;
    hooks.failRenameAt = 3; // ca.crt placed (0), the link moved aside (1) and replaced (2), server.crt fails (3)
    expect((await failure(writeOutputFiles(dir, set('new'), { force: true }))).code).toBe('write_failed');
    expect(contents(dir)).toEqual(before);
    expect(before['server.key']).toBe('-> /elsewhere/key');
  });

  it('without force, a target that appears after the check is not overwritten', async () => {
    const dir = freshDir();
    // The third target appears between the check and the placing (simulated at the first rename-free step).
    const files = set('6');
    const racing = path.join(dir, 'server.crt');
    const original = hooks.opens.push.bind(hooks.opens);
    hooks.opens.push = (...o) => {
      if (o[0]!.path.includes('.server.crt.new-')) writeFileSync(racing, 'raced in');
      return original(...o);
    };
    try {
      const e = await failure(writeOutputFiles(dir, files, { force: false }));
      expect(e.code).toBe('exists');
    } finally {
      hooks.opens.push = original;
    }
    expect(contents(dir)).toEqual({ 'server.crt': 'raced in' });
  });

  it('refuses names that are not plain file names, and a file given for the folder', async () => {
    for (const name of ['../escape.key', 'a/b.key', 'a\\b.key', '', '.', '..', 'x\0y', 'k'.repeat(238)]) {
      const e = await failure(writeOutputFiles(freshDir(), [{ name, bytes: enc('x'), sensitivity: 'private' }], { force: true }));
      expect(e.code, JSON.stringify(name)).toBe('bad_name');
    }
    // The longest name allowed still leaves room for its temporary name; a dot-name is the user's choice.
    const ok = freshDir();
    await writeOutputFiles(ok, [{ name: 'k'.repeat(237), bytes: enc('x'), sensitivity: 'public' }, { name: '.hidden.pem', bytes: enc('y'), sensitivity: 'private' }], { force: false });
    expect(readdirSync(ok).sort()).toEqual(['.hidden.pem', 'k'.repeat(237)]);
    const file = path.join(freshDir(), 'file');
    writeFileSync(file, '');
    expect((await failure(writeOutputFiles(file, set('7'), { force: true }))).code).toBe('not_a_folder');
  });
});
