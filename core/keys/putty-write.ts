/**
 * A private key (PKCS#8 DER) → a PuTTY private key file, format version 3 (PuTTY manual,
 * appendix C), for `convert --to ppk` and the window's export: RSA, DSA, ECDSA on nistp256/384/521,
 * Ed25519 and Ed448, the key types PuTTY has. With a passphrase: aes256-cbc under Argon2id
 * (PuTTY's default kind and memory); without one: `Encryption: none`, as PuTTYgen writes a key
 * whose passphrase is left empty. Laid out exactly as PuTTYgen 0.78 writes it (64-character
 * base64 lines, padding from SHA-1 of the private blob), so PuTTY, WinSCP and FileZilla read it.
 *
 * Reading the output back with core/keys/putty.ts gives the same PKCS#8 bytes.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { WorkBudget } from '../budget.js';
import { concatBytes, stripLeadingZeros, toBase64, toHex, utf8Encode } from '../bytes.js';
import { children, readOid, readRoot, value } from '../der.js';
import { OID } from '../oids.js';
import { ppkMac, ppkV3Keys, type Argon2Params } from './putty-kdf.js';
import { readPkcs8 } from './pkcs8.js';

export interface PpkWriteOptions {
  /** The key's comment (PuTTY shows it in Pageant and PuTTYgen); one line. Default empty. */
  comment?: string;
  /** Encrypts with this passphrase. Absent or empty: unencrypted, as PuTTYgen does with an empty passphrase. */
  passphrase?: string;
  /** Argon2 costs; PPK_DEFAULT_ARGON2 unless given. */
  argon2?: Partial<Omit<Argon2Params, 'salt'>>;
}

/**
 * Argon2id with PuTTY's default memory and parallelism. PuTTYgen picks the passes that take it
 * 100 ms on the machine at hand (13 on a current desktop); 13 is fixed here so files are alike
 * wherever they are made. Unlocking costs PuTTY ~0.1 s and this app ~1 s.
 */
export const PPK_DEFAULT_ARGON2: Omit<Argon2Params, 'salt'> = { flavour: 'Argon2id', memoryKiB: 8192, passes: 13, parallelism: 1 };

const SSH_CURVE_NAMES: Record<string, string> = { [OID.prime256v1]: 'nistp256', [OID.secp384r1]: 'nistp384', [OID.secp521r1]: 'nistp521' };

const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const str = (b: Uint8Array | string) => {
  const bytes = typeof b === 'string' ? utf8Encode(b) : b;
  return concatBytes(u32(bytes.length), bytes);
};
/** SSH mpint (RFC 4251 §5) of an unsigned value: minimal, with a zero octet when the top bit is set. */
const mpint = (b: Uint8Array) => {
  const v = stripLeadingZeros(b);
  if (v.length === 1 && v[0] === 0) return str(new Uint8Array(0));
  return str(v[0]! & 0x80 ? concatBytes(Uint8Array.of(0), v) : v);
};

/** Undefined when PuTTY can hold this private key (PKCS#8 DER); otherwise one sentence saying why not. */
export function ppkRefusal(pkcs8: Uint8Array): string | undefined {
  let oid: string;
  let curve: string | undefined;
  try {
    const [, algId] = children(readRoot(pkcs8));
    const [o, params] = children(algId!);
    oid = readOid(o!);
    if (oid === OID.ecPublicKey) curve = params?.tag === 0x06 ? readOid(params) : undefined;
  } catch {
    return 'this is not a PKCS#8 PrivateKeyInfo that can be read';
  }
  if (oid === OID.rsaEncryption || oid === OID.dsa || oid === OID.ed25519 || oid === OID.ed448) return undefined;
  if (oid === OID.ecPublicKey) return curve && SSH_CURVE_NAMES[curve] ? undefined : 'PuTTY holds ECDSA keys on P-256, P-384 and P-521 only';
  if (oid === OID.rsassaPss) return 'PuTTY has no RSA-PSS keys (it would sign with the key as plain RSA)';
  if (oid === OID.x25519 || oid === OID.x448) return 'X25519 and X448 are key-agreement keys; SSH and PuTTY sign with Ed25519 or Ed448 keys';
  return `PuTTY has no key type for the algorithm ${oid}`;
}

/** The key type name, public blob and private blob PuTTY stores for a PKCS#8 key. */
function blobs(pkcs8: Uint8Array): { type: string; publicBlob: Uint8Array; privateBlob: Uint8Array } {
  const facts = readPkcs8(pkcs8);
  if (!facts.publicKey) throw new Error(`Cannot write this key as a PuTTY key: its public key could not be computed (${facts.warnings[0]?.message ?? 'unknown reason'}).`);
  const [, algId, priv] = children(readRoot(pkcs8));
  const [oidTlv, params] = children(algId!);
  const oid = readOid(oidTlv!);
  const inner = value(priv!);
  const pubKey = value(children(readRoot(facts.publicKey.spki))[1]!).subarray(1);
  if (oid === OID.rsaEncryption) {
    const [, n, e, d, p, q, , , qi] = children(readRoot(inner)).map(value);
    return { type: 'ssh-rsa', publicBlob: concatBytes(str('ssh-rsa'), mpint(e!), mpint(n!)), privateBlob: concatBytes(mpint(d!), mpint(p!), mpint(q!), mpint(qi!)) };
  }
  if (oid === OID.dsa) {
    const [p, q, g] = children(params!).map(value);
    const y = value(readRoot(pubKey));
    return { type: 'ssh-dss', publicBlob: concatBytes(str('ssh-dss'), mpint(p!), mpint(q!), mpint(g!), mpint(y)), privateBlob: mpint(value(readRoot(inner))) };
  }
  if (oid === OID.ed25519 || oid === OID.ed448) {
    const type = oid === OID.ed25519 ? 'ssh-ed25519' : 'ssh-ed448';
    return { type, publicBlob: concatBytes(str(type), str(pubKey)), privateBlob: str(value(readRoot(inner))) };
  }
  const name = SSH_CURVE_NAMES[readOid(params!)]!;
  const type = `ecdsa-sha2-${name}`;
  const d = value(children(readRoot(inner))[1]!);
  return { type, publicBlob: concatBytes(str(type), str(name), str(pubKey)), privateBlob: mpint(d) };
}

const lines = (b: Uint8Array) => toBase64(b).match(/.{1,64}/g) ?? [];

async function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle;
  const k = await subtle.importKey('raw', key as BufferSource, 'AES-CBC', false, ['encrypt']);
  // WebCrypto always pads; the data is whole blocks, so the padding is one block at the end to drop.
  const out = new Uint8Array(await subtle.encrypt({ name: 'AES-CBC', iv: iv as BufferSource }, k, data as BufferSource));
  return out.subarray(0, data.length);
}

/**
 * The `.ppk` text of a private key. Throws Error with a sentence when PuTTY cannot hold the
 * key (see `ppkRefusal`) or the comment has a line break.
 */
export async function encodePpk(pkcs8: Uint8Array, opts: PpkWriteOptions = {}): Promise<string> {
  const why = ppkRefusal(pkcs8);
  if (why) throw new Error(`Cannot write this key as a PuTTY key: ${why}.`);
  const comment = opts.comment ?? '';
  if (/[\r\n]/.test(comment)) throw new Error('A PuTTY key comment is one line: it cannot hold a line break.');
  const { type, publicBlob, privateBlob } = blobs(pkcs8);
  const encrypted = opts.passphrase !== undefined && opts.passphrase !== '';
  const encryption = encrypted ? 'aes256-cbc' : 'none';
  let plain = privateBlob;
  let stored = privateBlob;
  let macKey: Uint8Array = new Uint8Array(0);
  const kdfLines: string[] = [];
  if (encrypted) {
    // PuTTYgen pads to whole AES blocks with the start of SHA-1 of the private blob.
    const padded = Math.ceil(privateBlob.length / 16) * 16;
    plain = concatBytes(privateBlob, sha1(privateBlob).subarray(0, padded - privateBlob.length));
    const params: Argon2Params = { ...PPK_DEFAULT_ARGON2, ...opts.argon2, salt: globalThis.crypto.getRandomValues(new Uint8Array(16)) };
    const keys = await ppkV3Keys(opts.passphrase!, params, new WorkBudget());
    stored = await aesCbcEncrypt(keys.cipherKey, keys.iv, plain);
    macKey = keys.macKey;
    kdfLines.push(`Key-Derivation: ${params.flavour}`, `Argon2-Memory: ${params.memoryKiB}`, `Argon2-Passes: ${params.passes}`, `Argon2-Parallelism: ${params.parallelism}`, `Argon2-Salt: ${toHex(params.salt)}`);
  }
  const mac = ppkMac(3, macKey, { algorithm: utf8Encode(type), encryption: utf8Encode(encryption), comment: utf8Encode(comment), publicBlob, privateBlob: plain });
  const pub = lines(publicBlob);
  const priv = lines(stored);
  return [
    `PuTTY-User-Key-File-3: ${type}`,
    `Encryption: ${encryption}`,
    `Comment: ${comment}`,
    `Public-Lines: ${pub.length}`,
    ...pub,
    ...kdfLines,
    `Private-Lines: ${priv.length}`,
    ...priv,
    `Private-MAC: ${toHex(mac)}`,
    '',
  ].join('\n');
}
