/**
 * The names main lets the renderer save under (core/save-name.ts, enforced by electron/ipc.ts),
 * and the renderer's way of making one from any suggestion.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SAVE_NAME_BYTES, safeSaveName, SAVE_EXTENSIONS, saveNameProblem } from '../../core/save-name.js';
import { hasHiddenCharacters } from '../../core/visible-text.js';
import { IpcArgumentError, parseSaveRequest } from '../../electron/ipc.js';

const utf8 = (s: string) => new TextEncoder().encode(s).length;

describe('save names', () => {
  it.each([
    // What the app writes: generate's conventional names, exports, conversions.
    ...['ca.crt', 'ca.key', 'intermediate.crt', 'server.crt', 'server.key', 'client.crt', 'client.key', 'fullchain.pem'].map((name) => ({ name, ok: true })),
    ...['keypair.key', 'keypair.pub.pem', 'keypair.pub', 'server.csr', 'server.pem', 'server-key.pem', 'my-key.key'].map((name) => ({ name, ok: true })),
    ...['root.cer', 'item-2.der', 'intermediate-ca.crl', 'bundle.p7b', 'server.p12', 'server.pfx', 'key.jwk', 'key.json', 'putty.ppk'].map((name) => ({ name, ok: true })),
    { name: 'my key (2).key', ok: true },
    { name: 'ünïcødé.pem', ok: true },
    { name: 'SERVER.CER', ok: true },
    { name: 'console.pem', ok: true },
    { name: `${'x'.repeat(MAX_SAVE_NAME_BYTES - 4)}.pem`, ok: true },
    // Hidden files and names of other programs' files.
    { name: '.bash_profile', ok: false },
    { name: '.hidden.pem', ok: false },
    { name: '.pem', ok: false },
    { name: 'authorized_keys', ok: false },
    { name: 'id_ed25519', ok: false },
    { name: 'config', ok: false },
    { name: 'README', ok: false },
    { name: 'server.key.bak', ok: false },
    { name: 'evil.exe', ok: false },
    { name: 'evil.desktop', ok: false },
    { name: 'run.sh', ok: false },
    { name: 'server.crt.lnk', ok: false },
    // Characters that act instead of show (core/visible-text.ts).
    { name: 'server\u202Etrc.key', ok: false },
    { name: 'pay\u200Bpal.crt', ok: false },
    { name: '\u2066server.crt', ok: false },
    { name: 'server\u00AD.crt', ok: false },
    { name: 'server\uFEFF.pem', ok: false },
    { name: 'server\u{E0041}.pem', ok: false },
    { name: 'a\u0085b.pem', ok: false },
    // Paths, traversal and what file systems refuse.
    { name: '', ok: false },
    { name: '.', ok: false },
    { name: '..', ok: false },
    { name: '../server.key', ok: false },
    { name: 'a..b.pem', ok: false },
    { name: 'dir/server.key', ok: false },
    { name: '/etc/passwd', ok: false },
    { name: 'dir\\server.key', ok: false },
    { name: 'C:server.key', ok: false },
    { name: 'nul\0.pem', ok: false },
    { name: 'line\nbreak.pem', ok: false },
    { name: 'what?.pem', ok: false },
    { name: 'CON', ok: false },
    { name: 'con.pem', ok: false },
    { name: 'Aux.crt', ok: false },
    { name: 'LPT1.key', ok: false },
    { name: 'trailing.pem.', ok: false },
    { name: 'trailing.pem ', ok: false },
    { name: ' leading.pem', ok: false },
    { name: `${'x'.repeat(MAX_SAVE_NAME_BYTES - 3)}.pem`, ok: false },
    { name: `${'é'.repeat(62)}.pem`, ok: true },
    { name: `${'é'.repeat(63)}.pem`, ok: false },
  ])('"$name" acceptable: $ok', ({ name, ok }) => {
    expect(saveNameProblem(name) === undefined).toBe(ok);
  });

  it('main refuses a save request under a refused name, showing the name visibly', () => {
    expect(() => parseSaveRequest({ name: '.bash_profile', bytes: new Uint8Array(1) })).toThrow(IpcArgumentError);
    expect(() => parseSaveRequest({ name: 'authorized_keys', bytes: new Uint8Array(1) })).toThrow(/extension/);
    expect(() => parseSaveRequest({ name: 'a\u202Eb.pem', bytes: new Uint8Array(1) })).toThrow(/"a<U\+202E>b\.pem".*invisible or text-direction/);
  });
});

describe('safe names from any suggestion', () => {
  it.each([
    { suggestion: 'server.crt', want: 'server.crt' },
    { suggestion: 'keypair.pub.pem', want: 'keypair.pub.pem' },
    { suggestion: 'ROOT.CER', want: 'ROOT.CER' },
    { suggestion: '.bash_profile', want: 'bash_profile.pem' },
    { suggestion: 'authorized_keys', want: 'authorized_keys.pem' },
    { suggestion: '../../etc/passwd.pem', want: '_._etc_passwd.pem' },
    { suggestion: 'server\u202Etrc.key', want: 'server_trc.key' },
    { suggestion: 'pay\u200Bpal.crt', want: 'pay_pal.crt' },
    { suggestion: 'con.pem', want: '_con.pem' },
    { suggestion: '...', want: 'file.pem' },
    { suggestion: '', want: 'file.pem' },
    { suggestion: 'a.', want: 'a.pem' },
    { suggestion: 'cert.txt', want: 'cert.txt.pem' },
  ])('"$suggestion" → "$want"', ({ suggestion, want }) => {
    expect(safeSaveName(suggestion)).toBe(want);
    expect(saveNameProblem(want)).toBeUndefined();
  });

  it('uses the fallback extension when the suggestion has none the app writes', () => {
    expect(safeSaveName('authorized_keys', 'pub')).toBe('authorized_keys.pub');
    expect(safeSaveName('x', 'exe')).toBe('x.pem');
  });

  it('shortens a long base and keeps the extension', () => {
    const name = safeSaveName(`${'ü'.repeat(200)}.key`);
    expect(name.endsWith('.key')).toBe(true);
    expect(utf8(name)).toBeLessThanOrEqual(MAX_SAVE_NAME_BYTES);
    expect(saveNameProblem(name)).toBeUndefined();
  });

  it('always yields an acceptable name, whatever the suggestion', () => {
    const risky = fc.constantFrom('.', '/', '\\', ' ', '\u202E', '\u200B', '\0', ':', 'con', 'nul', '..', 'é', '\u{1F600}', '\u{E0041}', ...SAVE_EXTENSIONS.map((e) => `.${e}`));
    const suggestion = fc.oneof(fc.string({ maxLength: 300, unit: 'grapheme' }), fc.array(fc.oneof(risky, fc.string({ maxLength: 4 })), { maxLength: 80 }).map((parts) => parts.join('')));
    fc.assert(
      fc.property(suggestion, fc.constantFrom(...SAVE_EXTENSIONS, 'exe'), (s, fallback) => {
        const name = safeSaveName(s, fallback);
        expect(saveNameProblem(name)).toBeUndefined();
        expect(hasHiddenCharacters(name)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
