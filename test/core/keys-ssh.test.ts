// OpenSSH public key lines and RFC 4716 blocks, from hand-built key blobs.
import { describe, expect, it } from 'vitest';
import { toBase64, toHex, utf8Encode } from '../../core/bytes.js';
import { sha256Hex } from '../../core/hash.js';
import { readSshPublicText } from '../../core/keys/ssh-public.js';
import type { PublicKeyItem } from '../../core/types.js';

const ctx = { passwords: [], now: new Date() };
const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
const str = (b: Uint8Array | string) => {
  const bytes = typeof b === 'string' ? utf8Encode(b) : b;
  return Uint8Array.from([...u32(bytes.length), ...bytes]);
};
const cat = (...p: Uint8Array[]) => Uint8Array.from(p.flatMap((x) => [...x]));

const edKey = new Uint8Array(32).map((_, i) => i + 1);
const edBlob = toBase64(cat(str('ssh-ed25519'), str(edKey)));
// RFC 8410: the Ed25519 SPKI is a fixed 12-byte prefix and the key.
const edSpkiSha = sha256Hex(cat(Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00), edKey));
const point = cat(Uint8Array.of(4), new Uint8Array(64).fill(5));
const ecBlob = toBase64(cat(str('ecdsa-sha2-nistp256'), str('nistp256'), str(point)));
const rsaBlob = toBase64(cat(str('ssh-rsa'), str(Uint8Array.of(1, 0, 1)), str(cat(Uint8Array.of(0, 0xc1), new Uint8Array(255).fill(0x33)))));

const keys = (text: string) => readSshPublicText(text, ctx)!.items as PublicKeyItem[];

describe('OpenSSH public key lines', () => {
  it.each([
    ['plain line with comment', `ssh-ed25519 ${edBlob} alice@example.test\n`, 'Ed25519', 'alice@example.test'],
    ['no comment', `ssh-ed25519 ${edBlob}`, 'Ed25519', undefined],
    ['authorized_keys options with quoted spaces', `command="echo ssh-rsa hi",no-pty ssh-ed25519 ${edBlob} bob`, 'Ed25519', 'bob'],
    ['ECDSA P-256', `ecdsa-sha2-nistp256 ${ecBlob} c`, 'EC P-256', 'c'],
    ['RSA 2048', `ssh-rsa ${rsaBlob} r`, 'RSA 2048', 'r'],
    // ssh-keygen -l reads a comment holding a carriage return (and prints it raw); so do we, and
    // the display layers make it visible. A CRLF line ending is no part of the comment.
    ['comment with a carriage return inside', `ssh-ed25519 ${edBlob} alice\rbob\r\n`, 'Ed25519', 'alice\rbob'],
  ])('%s', (_n, text, label, comment) => {
    const r = readSshPublicText(text, ctx)!;
    expect(r.errors).toEqual([]);
    expect(r.items).toHaveLength(1);
    const k = r.items[0] as PublicKeyItem;
    expect([k.kind, k.sensitivity, k.encrypted, k.format, k.encoding, k.label, k.comment]).toEqual(['public-key', 'public', false, 'openssh', 'openssh', label, comment]);
    expect(k.sha256).toBe(sha256Hex(k.publicKey.spki));
  });

  it('derives the same SPKI as the RFC 8410 encoding', () => {
    expect(keys(`ssh-ed25519 ${edBlob}`)[0]!.publicKey.spkiSha256).toBe(edSpkiSha);
    expect(keys(`ssh-ed25519 ${edBlob}`)[0]!.publicKey.publicHex).toBe(toHex(edKey));
  });

  it('reads every key of a multi-line file, skipping comments and blank lines', () => {
    const r = readSshPublicText(`# keys\n\nssh-ed25519 ${edBlob} one\necdsa-sha2-nistp256 ${ecBlob} two\n`, ctx)!;
    expect(r.items.map((i) => [i.label, i.source.index, i.source.line])).toEqual([['Ed25519', 0, 3], ['EC P-256', 1, 4]]);
  });

  it.each([
    ['security keys', `sk-ssh-ed25519@openssh.com ${edBlob} fido`, 'unsupported_algorithm'],
    ['type that disagrees with the blob', `ssh-rsa ${edBlob} liar`, 'der_invalid'],
    ['truncated blob', `ssh-ed25519 ${edBlob.slice(0, 40)} cut`, 'der_invalid'],
    ['curve name that disagrees with the type', `ecdsa-sha2-nistp384 ${toBase64(cat(str('ecdsa-sha2-nistp384'), str('nistp256'), str(point)))}`, 'der_invalid'],
  ])('%s is an error, not an item', (_n, text, code) => {
    const r = readSshPublicText(text, ctx)!;
    expect(r.items).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual([code]);
  });

  it('returns undefined for text with no key', () => {
    expect(readSshPublicText('hello world\nnot a key\n', ctx)).toBeUndefined();
  });
});

describe('RFC 4716 SSH2 public keys', () => {
  const wrap = (s: string) => s.match(/.{1,70}/g)!.join('\n');
  it('reads headers with continuation lines and the key', () => {
    const text = `---- BEGIN SSH2 PUBLIC KEY ----\nSubject: me\nComment: "a long \\\ncomment"\n${wrap(edBlob)}\n---- END SSH2 PUBLIC KEY ----\n`;
    const r = readSshPublicText(text, ctx)!;
    expect(r.errors).toEqual([]);
    const k = r.items[0] as PublicKeyItem;
    expect([k.format, k.encoding, k.label, k.comment, k.publicKey.spkiSha256]).toEqual(['ssh2', 'ssh2', 'Ed25519', 'a long comment', edSpkiSha]);
  });
  it('an unterminated block is an armour error', () => {
    const r = readSshPublicText(`---- BEGIN SSH2 PUBLIC KEY ----\n${edBlob}\n`, ctx)!;
    expect(r.errors.map((e) => e.code)).toEqual(['pem_armor_mismatch']);
  });
});
