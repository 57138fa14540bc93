/**
 * Terminal escape injection: text from files (subjects, SAN values, OpenSSH comments, PEM
 * labels, friendly names, file names, error sentences quoting them) never reaches stdout or
 * stderr with a raw control, bidi or invisible character, in any command, in plain or JSON
 * output, piped or on a real terminal. The hostile files are made by
 * test/fixtures/cli/make-cli.sh (python cryptography, ssh-keygen, openssl).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHidden } from '../../cli/json.js';
import { SGR_CODES } from '../../cli/style.js';
import { guardOutput, safeChunk, shown, terminalSafe } from '../../cli/terminal.js';
import { HIDDEN_CHARACTER_CLASS, hasHiddenCharacters } from '../../core/visible-text.js';
import { ensureBuilt, havePython, HOSTILE_DIR, ROOT, run, runInPty, type RunResult } from './helpers.js';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'cli', 'manifest.json'), 'utf8')) as {
  password: string;
  strings: Record<string, string>;
  files: Record<string, string>;
};
const H = manifest.strings as Record<"osc0" | "clear" | "cr" | "osc52" | "rlo" | "lri" | "zwsp" | "newline", string>;
const hostile = (name: string) => path.join(HOSTILE_DIR, name);
const PW = manifest.password;

/** A raw character a terminal would act on or hide: anything visibleText rewrites, except a line break. */
const RAW = new RegExp(`(?!\\n)[${HIDDEN_CHARACTER_CLASS}]`, 'u');
function firstRaw(text: string): string | undefined {
  const m = RAW.exec(text);
  if (!m) return undefined;
  return `U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${m.index}: …${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 20))}…`;
}
function expectClean(r: RunResult, what: string): void {
  expect(firstRaw(r.stdout), `${what}: stdout`).toBeUndefined();
  expect(firstRaw(r.stderr), `${what}: stderr`).toBeUndefined();
}

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'pem-terminal-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the hostile fixtures', () => {
  it('exist and hold the raw strings (test/fixtures/cli/make-cli.sh)', () => {
    for (const f of Object.keys(manifest.files)) expect(existsSync(path.join(ROOT, 'test', 'fixtures', 'cli', f)), f).toBe(true);
    const leaf = readFileSync(hostile('leaf.crt'), 'utf8');
    expect(leaf).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(readFileSync(hostile('id_rsa.pub'), 'utf8')).toContain(H.osc52);
    expect(readFileSync(hostile('label.pem'), 'utf8')).toContain(`-----BEGIN CERTIFICATE${H.osc0}`);
    for (const k of ['osc0', 'clear', 'cr', 'osc52', 'rlo', 'lri', 'zwsp', 'newline'] as const) expect(H[k], k).toBeTruthy();
  });
});

describe('every command, piped: no raw control, bidi or invisible character', () => {
  const all = () => Object.keys(manifest.files).map((f) => path.join(ROOT, 'test', 'fixtures', 'cli', f));
  const table: { name: string; args: () => string[]; codes: number[] }[] = [
    { name: 'inspect', args: () => ['inspect', '--password', PW, ...all()], codes: [1] },
    { name: 'inspect --json', args: () => ['inspect', '--json', '--password', PW, ...all()], codes: [1] },
    { name: 'verify', args: () => ['verify', hostile('leaf.crt'), '--trusted', hostile('ca.crt'), '--host', 'evil.test'], codes: [1] },
    { name: 'verify (SAN read)', args: () => ['verify', hostile('leaf-ascii.crt'), '--trusted', hostile('ca.crt')], codes: [1] },
    { name: 'verify --json', args: () => ['verify', '--json', hostile('leaf.crt'), '--trusted', hostile('ca.crt')], codes: [1] },
    { name: 'verify, unreadable LEAF', args: () => ['verify', hostile('label.pem')], codes: [2] },
    { name: 'match, a pair', args: () => ['match', hostile('leaf.crt'), hostile('leaf.key')], codes: [0] },
    { name: 'match, not a pair', args: () => ['match', hostile('leaf.crt'), hostile('ca.key')], codes: [1] },
    { name: 'match --json', args: () => ['match', '--json', hostile('leaf.crt'), hostile('ca.key')], codes: [1] },
    { name: 'match, unreadable file', args: () => ['match', hostile('label.pem'), hostile('ca.key')], codes: [2] },
    { name: 'match, OpenSSH comment', args: () => ['match', hostile('id_rsa.pub'), hostile('id_rsa')], codes: [0] },
    { name: 'generate csr --key with a hostile folder name', args: () => ['generate', 'csr', '--key', hostile('leaf.key'), '--out', path.join(tmp, `out${H.osc0}${H.rlo}${H.newline}`)], codes: [0] },
    { name: 'usage error quoting a hostile word', args: () => ['inspect', `--x${H.osc52}${H.cr}`], codes: [2] },
  ];
  it.each(table)('$name', ({ name, args, codes }) => {
    const r = run(args());
    expect(codes, r.stderr).toContain(r.code);
    expectClean(r, name);
    expect(r.stdout + r.stderr).not.toMatch(/^\s+at /m);
  });

  it('shows the hostile text visibly instead of dropping it', () => {
    const r = run(['inspect', '--password', PW, hostile('leaf.crt'), hostile('id_ed25519'), hostile('named.p12'), hostile('label.pem')]);
    for (const visible of ['\\x1b]0\\;pwned\\x07', '<U+200B>', '\\x0aVerdict: OK', '<U+202E>', '<U+2066>', '\\x0dOK', '\\x1b]52;c;']) {
      expect(r.stdout + r.stderr).toContain(visible);
    }
    // The friendly name, the OpenSSH comment and the PEM label each appear, escaped.
    expect(r.stdout).toMatch(/Name: +\\x1b\]0;pwned\\x07\\x1b\[2J\\x0dOK/);
    expect(r.stdout).toMatch(/Comment: +\\x1b\]0;pwned/);
    expect(r.stdout + r.stderr).toContain('"CERTIFICATE\\x1b]0;pwned\\x07\\x1b[2J<U+202E>"');
  });

  it('--json keeps every value exact: the escapes are JSON escapes, read back as the same string', () => {
    const r = run(['inspect', '--json', '--password', PW, hostile('leaf.crt'), hostile('named.p12')]);
    expect(r.stdout).toContain('\\u202e');
    expect(r.stdout).toContain('\\u200b');
    const doc = JSON.parse(r.stdout) as { files: { items: { subject?: string; friendlyName?: string }[] }[] };
    const leaf = doc.files[0]!.items[0]!;
    expect(leaf.subject).toContain(`CN=www${H.zwsp}.example.test${H.osc0.replace(';', '\\;')}`);
    expect(leaf.subject).toContain(`OU=x${H.newline}`);
    expect(doc.files[1]!.items[0]!.friendlyName).toBe(Object.entries(H).filter(([k]) => k !== 'newline').map(([, v]) => v).join(''));
  });

  it('file names: given directly, missing, or found in a folder', () => {
    const names = Object.entries(H).map(([k, v]) => `${k}-${v}.crt`);
    const dir = mkdtempSync(path.join(tmp, 'names-'));
    for (const n of names) copyFileSync(hostile('leaf.crt'), path.join(dir, n));
    for (const args of [
      ['inspect', ...names.map((n) => path.join(dir, n))],
      ['inspect', '--json', ...names.map((n) => path.join(dir, n))],
      ['inspect', path.join(dir, `missing${H.osc0}${H.rlo}.crt`)],
      ['match', path.join(dir, names[0]!), path.join(dir, `missing${H.clear}.key`)],
      ['verify', path.join(dir, `missing${H.clear}.crt`)],
    ]) {
      const r = run(args);
      expect([0, 1, 2], r.stderr).toContain(r.code);
      expectClean(r, args.join(' '));
    }
  });
});

describe.skipIf(!havePython)('on a real terminal (pseudo-terminal): only our own colours', () => {
  it('colours pass; every other escape is shown visibly', () => {
    const r = runInPty(['inspect', '--password', PW, hostile('leaf.crt'), hostile('named.p12'), hostile('id_ed25519'), hostile('label.pem')]);
    expect(r.timedOut).toBe(false);
    // Colour is on (a terminal), so SGR sequences are there...
    expect(r.output).toContain('\x1b[1m');
    // ...and once our exact sequences and the terminal's CR LF line ends are taken out, nothing raw is left.
    let rest = r.output.replace(/\r\n/g, '\n');
    for (const c of SGR_CODES) rest = rest.split(`\x1b[${c}m`).join('');
    expect(firstRaw(rest)).toBeUndefined();
    expect(rest).toContain('\\x1b]0;pwned\\x07');
  });
});

describe.runIf(!havePython)('pseudo-terminal tests', () => {
  it('need python3 (its pty module): NOT RUN here', () => {
    console.warn('WARNING: python3 is missing, so the pseudo-terminal tests of terminal output were skipped');
    expect(process.env.CI, 'python3 is required under CI').not.toBe('true');
  });
});

describe('terminalSafe and the output guard', () => {
  it('keep line breaks and our colour sequences, and show every other control visibly', () => {
    const ours = SGR_CODES.map((c) => `\x1b[${c}m`).join('x');
    expect(terminalSafe(`a\n${ours}\nb`)).toBe(`a\n${ours}\nb`);
    expect(terminalSafe('ok\x1b]0;t\x07\r\x1b[2J\x1b[8m\x1b[31;1m\u202e\u200b\t')).toBe('ok\\x1b]0;t\\x07\\x0d\\x1b[2J\\x1b[8m\\x1b[31;1m<U+202E><U+200B>\\x09');
    expect(terminalSafe('plain — text ✓ 日本')).toBe('plain — text ✓ 日本');
  });

  it('shown() makes a display copy: every string visible, bytes and numbers untouched', () => {
    const der = new Uint8Array([0x1b, 0x5b]);
    const src = { a: 'x\x1b[2J', b: ['\u202e', { c: 'y\n' }], n: 3, ok: true, der, none: undefined };
    const copy = shown(src);
    expect(copy).toEqual({ a: 'x\\x1b[2J', b: ['<U+202E>', { c: 'y\\x0a' }], n: 3, ok: true, der, none: undefined });
    expect(copy.der).toBe(der);
    expect(src.a).toBe('x\x1b[2J');
  });

  it('checks bytes whenever they may hold such a character (every one, by code point)', () => {
    const missed: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (ch === '\n' || !hasHiddenCharacters(ch)) continue;
      const bytes = Buffer.from(`a${ch}b`);
      if (safeChunk(bytes) === bytes) missed.push(cp.toString(16));
    }
    expect(missed).toEqual([]);
    const plain = Buffer.from('{\n  "subject": "CN=日本 — ü"\n}\n');
    expect(safeChunk(plain)).toBe(plain);
  });

  it('guardOutput filters a stream that a command writes to directly', () => {
    let got = '';
    const fake = { write: (chunk: unknown) => ((got += String(chunk)), true) } as unknown as NodeJS.WriteStream;
    guardOutput([fake]);
    fake.write(`title\x1b]0;x\x07 \x1b[32mgreen\x1b[0m\n`);
    fake.write(Buffer.from('clip\x1b]52;c;eA==\x07\n'));
    expect(got).toBe('title\\x1b]0;x\\x07 \x1b[32mgreen\x1b[0m\nclip\\x1b]52;c;eA==\\x07\n');
  });

  it('escapeHidden: the same JSON value, with nothing raw left in the text', () => {
    const value = { s: 'a\x7f\x9b\u202e\u2066\u200b\u{E0041}\u00ad\n\x1b', list: ['\ufeff'] };
    const text = escapeHidden(JSON.stringify(value, null, 2));
    expect(JSON.parse(text)).toEqual(value);
    expect(firstRaw(text)).toBeUndefined();
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\udb40\\udc41');
  });
});
