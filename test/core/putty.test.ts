// The PuTTY reader's rules, from edited puttygen files and hand-built ones: line endings, the
// header order, every malformed field, a private key that does not belong to its public key.
import { readFileSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { concatBytes, toBase64, toHex, utf8Encode } from '../../core/bytes.js';
import { ppkMac } from '../../core/keys/putty-kdf.js';
import { parseFile } from '../../core/parse.js';
import type { PrivateKeyItem } from '../../core/types.js';
import { KEYFMT } from './jwk-putty-helpers.js';

const PW = 'test-password';
const text = (name: string) => readFileSync(KEYFMT + 'ppk/' + name, 'utf8');
const parse = (t: string | Uint8Array, passwords: string[] = []) => parseFile({ name: 'k.ppk', bytes: typeof t === 'string' ? utf8Encode(t) : t, passwords });
const edit = (t: string, from: RegExp | string, to: string) => t.replace(from, to);

const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
const str = (b: Uint8Array | string) => {
  const bytes = typeof b === 'string' ? utf8Encode(b) : b;
  return concatBytes(u32(bytes.length), bytes);
};

/** An unencrypted version 3 file around any blobs, with a correct MAC. */
function handMade(publicBlob: Uint8Array, privateBlob: Uint8Array, type = 'ssh-ed25519', comment = 'hand made'): string {
  const mac = ppkMac(3, new Uint8Array(0), { algorithm: utf8Encode(type), encryption: utf8Encode('none'), comment: utf8Encode(comment), publicBlob, privateBlob });
  const lines = (b: Uint8Array) => toBase64(b).match(/.{1,64}/g)!;
  return [`PuTTY-User-Key-File-3: ${type}`, 'Encryption: none', `Comment: ${comment}`, `Public-Lines: ${lines(publicBlob).length}`, ...lines(publicBlob),
    `Private-Lines: ${lines(privateBlob).length}`, ...lines(privateBlob), `Private-MAC: ${toHex(mac)}`, ''].join('\n');
}

describe('PuTTY files as they travel', () => {
  it('CRLF line endings (PuTTYgen on Windows) and a UTF-8 BOM read the same', async () => {
    const plain = await parse(text('ed25519.v3.ppk'));
    const crlf = await parse(text('ed25519.v3.ppk').replace(/\n/g, '\r\n'));
    const bom = await parse(concatBytes(Uint8Array.of(0xef, 0xbb, 0xbf), utf8Encode(text('ed25519.v3.ppk'))));
    for (const r of [crlf, bom]) {
      expect(r.errors).toEqual([]);
      expect(r.items[0]!.sha256).toBe(plain.items[0]!.sha256);
    }
    const enc = await parse(text('rsa-2048.v3-argon2id.ppk').replace(/\n/g, '\r\n'), [PW]);
    expect([enc.errors, enc.items[0]!.encrypted]).toEqual([[], false]);
  });

  it('a UTF-8 comment is covered by the MAC as bytes and shown as text', async () => {
    const seed = ed25519.utils.randomSecretKey();
    const pub = concatBytes(str('ssh-ed25519'), str(ed25519.getPublicKey(seed)));
    const r = await parse(handMade(pub, str(seed), 'ssh-ed25519', 'clé de Zoë ✓'));
    expect(r.errors).toEqual([]);
    expect((r.items[0] as PrivateKeyItem).comment).toBe('clé de Zoë ✓');
  });
});

describe('malformed files are errors that say what is wrong', () => {
  const v3 = text('ed25519.v3-argon2id.ppk');
  it.each([
    ['a header out of order', edit(v3, /Comment: .*\n/, ''), 'der_invalid', /no "Comment" line where the format puts it \(line 3\)/],
    ['a line count that is not a number', edit(v3, 'Public-Lines: 2', 'Public-Lines: two'), 'der_invalid', /"Public-Lines" is not a number/],
    ['more lines than the file has', edit(v3, /Private-Lines: \d+/, 'Private-Lines: 900'), 'der_invalid', /says 900 lines, but the file ends before them/],
    ['an absurd line count', edit(v3, 'Public-Lines: 2', 'Public-Lines: 4000000000'), 'der_invalid', /no more than 1000/],
    ['an unknown key derivation', edit(v3, 'Key-Derivation: Argon2id', 'Key-Derivation: scrypt'), 'unsupported_algorithm', /"scrypt" is not one of Argon2id, Argon2i and Argon2d/],
    ['a salt that is not hex', edit(v3, /Argon2-Salt: .*/, 'Argon2-Salt: xyz'), 'der_invalid', /Argon2-Salt is not hex/],
    ['a MAC of the wrong length', edit(v3, /Private-MAC: (.*)/, 'Private-MAC: abcd'), 'der_invalid', /not 64 hex digits/],
    ['an unknown format version', edit(v3, 'PuTTY-User-Key-File-3', 'PuTTY-User-Key-File-4'), 'unsupported_algorithm', /version 4 is not one this app knows/],
    ['an unknown key type', edit(v3, 'PuTTY-User-Key-File-3: ssh-ed25519', 'PuTTY-User-Key-File-3: ssh-ed25519-cert-v01@openssh.com'), 'der_invalid', /says ssh-ed25519-cert-v01@openssh.com but its public key is ssh-ed25519/],
  ])('%s', async (_n, t, code, message) => {
    const r = await parse(t, [PW]);
    expect(r.errors.map((e) => e.code)).toEqual([code]);
    expect(r.errors[0]!.message).toMatch(message);
  });

  it('a short salt or impossible Argon2 costs are refused before any work, the key listed locked', async () => {
    for (const [t, message] of [
      [edit(v3, /Argon2-Salt: .*/, 'Argon2-Salt: 0011'), /an Argon2 salt of 2 bytes/],
      [edit(v3, 'Argon2-Parallelism: 1', 'Argon2-Parallelism: 0'), /parallelism 0 is not between 1 and 255/],
      [edit(edit(v3, 'Argon2-Memory: 8192', 'Argon2-Memory: 8'), 'Argon2-Parallelism: 1', 'Argon2-Parallelism: 4'), /below 8 KiB per lane/],
    ] as const) {
      const r = await parse(t, [PW]);
      expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(message)]);
      expect(r.items.map((i) => [i.kind, i.encrypted])).toEqual([['private-key', true]]);
    }
  });

  it('an encrypted part that is not whole AES blocks', async () => {
    const seed = ed25519.utils.randomSecretKey();
    const pub = concatBytes(str('ssh-ed25519'), str(ed25519.getPublicKey(seed)));
    const t = handMade(pub, new Uint8Array(20)).replace('Encryption: none', 'Encryption: aes256-cbc').replace('File-3', 'File-2').replace(/Private-MAC: .*/, `Private-MAC: ${'0'.repeat(40)}`);
    const r = await parse(t, [PW]);
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/not a whole number of AES blocks/)]);
  });
});

describe('a private key that does not belong to its public key', () => {
  it('is an error finding, with a correct MAC (the file says so itself)', async () => {
    const seed = ed25519.utils.randomSecretKey();
    const other = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
    const r = await parse(handMade(concatBytes(str('ssh-ed25519'), str(other)), str(seed)));
    expect(r.errors).toEqual([]);
    const k = r.items[0] as PrivateKeyItem;
    expect(k.findings.filter((f) => f.code === 'ppk_private_mismatch').map((f) => f.severity)).toEqual(['error']);
  });

  it('an Ed25519 private key of the wrong size is der_invalid', async () => {
    const seed = ed25519.utils.randomSecretKey();
    const r = await parse(handMade(concatBytes(str('ssh-ed25519'), str(ed25519.getPublicKey(seed))), str(seed.subarray(0, 31))));
    expect(r.errors.map((e) => e.message)).toEqual(['the ssh-ed25519 private key has 31 bytes, expected 32']);
  });
});
