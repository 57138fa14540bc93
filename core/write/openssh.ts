/**
 * `openssh`: a private key as an `OPENSSH PRIVATE KEY` (openssh-key-v1, PROTOCOL.key), with a
 * password bcrypt-pbkdf (16 rounds, ssh-keygen's default) + aes256-ctr, without one cipher
 * "none"; or, when the inputs hold no private key, a public key (or a certificate's or request's
 * key) as an `authorized_keys` line.
 *
 *   "openssh-key-v1\0" string ciphername, string kdfname, string kdfoptions, uint32 1,
 *   string publickey, string encrypted(uint32 check, uint32 check, string keytype,
 *   key fields, string comment, padding 1 2 3 ... to the cipher's block size)
 */
import { toBase64, utf8Encode } from '../bytes.js';
import { WorkBudget } from '../budget.js';
import { bcryptPbkdf } from '../crypto/kdf.js';
import type { Item } from '../types.js';
import { aesCtr, randomBytes } from './encrypt.js';
import { describe, makeWriter, pickKey, type Plan } from './select.js';
import { SshWriter, sshKey, sshUnsupported } from './ssh-encode.js';
import { identity } from './readback.js';
import { WriteError, type WriteOptions } from './types.js';

/** ssh-keygen's default bcrypt rounds (`-a`): what every OpenSSH reads in about a quarter of a second. */
export const BCRYPT_ROUNDS = 16;

/** `ssh-ed25519 AAAA… comment\n`; undefined when the key has no SSH form (Ed448, X25519, RSA-PSS…). */
export function sshPublicLine(spki: Uint8Array, comment: string): string | undefined {
  if (sshUnsupported(spki)) return undefined;
  const k = sshKey(spki);
  // One line per key: a line break in a comment (from a file, or typed) would start a second
  // authorized_keys entry, so controls become spaces.
  const safe = comment.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `${k.type} ${toBase64(k.publicBlob)}${safe ? ' ' + safe : ''}\n`;
}

function wrap(body: string): string {
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 70) lines.push(body.slice(i, i + 70));
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/** The OPENSSH PRIVATE KEY text of a PKCS#8 key whose public half is `spki`. */
export async function opensshPrivateKey(pkcs8: Uint8Array, spki: Uint8Array, comment: string, password?: string): Promise<string> {
  const key = sshKey(spki, pkcs8);
  const check = randomBytes(4);
  const secret = new SshWriter().raw(check).raw(check).string(key.type);
  key.privateFields!(secret);
  secret.string(comment);
  const block = password === undefined ? 8 : 16;
  const pad: number[] = [];
  for (let i = 1; (secret.length + pad.length) % block !== 0; i++) pad.push(i & 0xff);
  let section = secret.raw(Uint8Array.from(pad)).done();
  const out = new SshWriter().raw(utf8Encode('openssh-key-v1\0'));
  if (password === undefined) out.string('none').string('none').string('');
  else {
    const salt = randomBytes(16);
    const kdf = await bcryptPbkdf(utf8Encode(password), salt, BCRYPT_ROUNDS, 48, new WorkBudget(Number.POSITIVE_INFINITY));
    section = await aesCtr(kdf.subarray(0, 32), kdf.subarray(32, 48), section);
    out.string('aes256-ctr').string('bcrypt').bytes(new SshWriter().bytes(salt).uint32(BCRYPT_ROUNDS).done());
  }
  out.uint32(1).bytes(key.publicBlob).bytes(section);
  return wrap(toBase64(out.done()));
}

interface SshPlan extends Plan {
  index: number;
  spki: Uint8Array;
  comment: string;
}

function commentOf(item: Item, opts: WriteOptions): string {
  if (opts.name !== undefined) return opts.name;
  return (item.kind === 'private-key' || item.kind === 'public-key' ? item.comment : undefined) ?? '';
}

function plan(items: readonly Item[], opts: WriteOptions): SshPlan {
  const k = pickKey(items, opts, 'an OpenSSH key file', 'an authorized_keys line');
  const why = sshUnsupported(k.spki);
  if (why) throw new WriteError('unsupported', `The ${k.private ? '' : 'key of the '}${describe(items, k.index, opts)} cannot be an OpenSSH key: ${why}.`);
  const item = items[k.index]!;
  return {
    index: k.index,
    spki: k.spki,
    comment: commentOf(item, opts),
    sensitivity: k.private ? 'private' : 'public',
    notes: [],
    expected: [identity(item, k.private ? 'item' : 'public-key')],
  };
}

export const opensshWriter = makeWriter<SshPlan>('openssh', plan, async (p, items, opts) => {
  const text = p.sensitivity === 'private' ? await opensshPrivateKey(items[p.index]!.der, p.spki, p.comment, opts.password) : sshPublicLine(p.spki, p.comment)!;
  return [{ name: opts.fileName, bytes: utf8Encode(text), sensitivity: p.sensitivity }];
});
